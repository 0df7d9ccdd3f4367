// Lets tests host the service by its entry point.
public partial class Program;
