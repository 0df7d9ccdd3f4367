using TradeMesh.Ingestion.Releases.Validating;

namespace TradeMesh.Ingestion.Tests.Validating;

/// <summary>The cells CsvReleaseReader gets from a body: RFC 4180 as publishers' spreadsheets write it.</summary>
public sealed class CsvRowsTests
{
    private static (List<List<string>> Rows, List<string> Problems) Parse(string text)
    {
        var problems = new List<Reason>();
        return (CsvRows.Parse(text, problems), Reason.Texts(problems));
    }

    [Fact]
    public void Quoted_cells_keep_commas_quotes_and_line_breaks()
    {
        var (rows, problems) = Parse("a,b,c\r\n1,\"x, \"\"y\"\"\",\"two\nlines\"\n");

        Assert.Empty(problems);
        Assert.Equal([["a", "b", "c"], ["1", "x, \"y\"", "two\nlines"]], rows);
    }

    [Fact]
    public void Every_line_is_a_row_with_the_cells_it_has_and_a_blank_line_is_one_empty_cell()
    {
        var (rows, _) = Parse("a,b\n\n1\n1,2,3,\n");

        Assert.Equal([["a", "b"], [""], ["1"], ["1", "2", "3", ""]], rows);
    }

    [Fact]
    public void A_quote_never_closed_is_cited_by_its_row()
    {
        var (rows, problems) = Parse("a,b\n1,2\n\"3,4\n5,6\n");

        Assert.Equal(3, rows.Count);
        Assert.Equal(["row 3: a quoted cell is not closed"], problems);
    }

    [Fact]
    public void No_text_is_no_rows()
    {
        Assert.Empty(Parse("").Rows);
    }
}
