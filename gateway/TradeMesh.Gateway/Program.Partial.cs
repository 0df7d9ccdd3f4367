// Lets tests host the gateway by its entry point.
public partial class Program;
