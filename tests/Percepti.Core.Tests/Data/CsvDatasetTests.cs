using Percepti.Core.Data;

namespace Percepti.Core.Tests.Data;

public sealed class CsvDatasetTests
{
    [Fact]
    public void Header_quoting_and_inferred_kinds()
    {
        using var files = new TestFiles();
        string path = files.WriteText("houses.csv",
            "area,city,garden,note,price\n" +
            "120.5,Paris,yes,\"big, bright\",300\n" +
            "80,Lyon,no,\"says \"\"cosy\"\"\",150\n" +
            "95,Paris,no,\"two\nlines\",210\n" +
            "60,Nice,yes,plain,120\n");
        var dataset = CsvDataset.Load(path, new CsvOptions { MaxCategories = 3 });

        dataset.Count.Should().Be(4);
        dataset.Schema["area"].Kind.Should().Be(ColumnKind.Numeric);
        dataset.Schema["city"].Kind.Should().Be(ColumnKind.Categorical);
        dataset.Schema["city"].ClassNames.Should().Equal("Lyon", "Nice", "Paris");
        dataset.Schema["garden"].Kind.Should().Be(ColumnKind.Binary);
        dataset.Schema["note"].Kind.Should().Be(ColumnKind.Text);
        dataset.Schema["note"].Role.Should().Be(ColumnRole.Unused, "text is not batched");
        dataset.Schema["price"].Role.Should().Be(ColumnRole.Target, "the last column is the target by default");
        dataset.Schema["area"].Role.Should().Be(ColumnRole.Input);
        dataset.Read(0, "area").Should().Equal(120.5f);
        dataset.ReadClass(1, "city").Should().Be(0);
        dataset.ReadText(0, 3).Should().Be("big, bright");
        dataset.ReadText(1, 3).Should().Be("says \"cosy\"");
        dataset.ReadText(2, 3).Should().Be("two\nlines");
    }

    [Fact]
    public void Delimiter_kinds_and_roles_can_be_given()
    {
        using var files = new TestFiles();
        string path = files.WriteText("data.tsv", "code\tvalue\tlabel\n1\t0.5\ta\n2\t0.25\tb\n3\t1\tc\n");
        var dataset = CsvDataset.Load(path, new CsvOptions
        {
            ColumnKinds = new Dictionary<string, ColumnKind> { ["code"] = ColumnKind.Categorical },
            Roles = new Dictionary<string, ColumnRole> { ["value"] = ColumnRole.Target, ["label"] = ColumnRole.Unused },
        });
        dataset.Schema["code"].Kind.Should().Be(ColumnKind.Categorical);
        dataset.Schema["value"].Role.Should().Be(ColumnRole.Target);
        dataset.Schema["label"].Role.Should().Be(ColumnRole.Unused);
        dataset.Read(1, "value").Should().Equal(0.25f);

        var noHeader = CsvDataset.Load(files.WriteText("plain.csv", "1;2\n3;4\n"), new CsvOptions { HasHeader = false });
        noHeader.Schema.Columns.Select(c => c.Name).Should().Equal("column1", "column2");
        noHeader.Read(1, "column1").Should().Equal(3f);
    }

    [Fact]
    public void Missing_values_follow_the_policy()
    {
        using var files = new TestFiles();
        string path = files.WriteText("gaps.csv", "x,kind,y\n1,a,10\n,b,20\n3,NA,30\n5,a,40\n");

        var refuse = () => CsvDataset.Load(path);
        refuse.Should().Throw<DataFormatException>().Which.Position.Should().Be("line 3, column 'x'");

        var dropped = CsvDataset.Load(path, new CsvOptions { MissingValues = MissingValuePolicy.DropRow });
        dropped.Count.Should().Be(2);

        var filled = CsvDataset.Load(path, new CsvOptions { MissingValues = MissingValuePolicy.Fill });
        filled.Count.Should().Be(4);
        filled.Read(1, "x").Should().Equal([3f], "the mean of 1, 3 and 5");
        filled.ReadClass(2, "kind").Should().Be(0, "the most frequent class, 'a'");
    }

    public static TheoryData<string, string, CsvOptions?, string> CorruptFiles() => new()
    {
        { "ragged row", "a,b\n1,2\n3\n", null, "line 3" },
        { "too many fields", "a,b\n1,2\n3,4,5\n", null, "line 3" },
        { "text in a numeric column", "a,b\n1,2\nx,4\n", new CsvOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["a"] = ColumnKind.Numeric } }, "line 3, column 'a'" },
        { "unclosed quote", "a,b\n1,\"2\n", null, "line 2" },
        { "text after closing quote", "a,b\n\"1\"x,2\n", null, "line 2" },
        { "empty file", string.Empty, null, "line 1" },
        { "header only", "a,b\n", null, "line 2" },
        { "duplicate header", "a,a\n1,2\n", null, "line 1" },
        { "empty header name", "a,,c\n1,2,3\n", null, "line 1" },
        { "binary override with three values", "a,b\n1,x\n2,y\n3,z\n", new CsvOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["b"] = ColumnKind.Binary } }, "column 'b'" },
        { "missing image path", "image,label\na.png,1\n,2\n", new CsvOptions { ImageColumns = ["image"], ImageSize = (4, 4) }, "line 3, column 'image'" },
        { "infinite number", "a,b\n1,2\n1e999,3\n", new CsvOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["a"] = ColumnKind.Numeric } }, "line 3, column 'a'" },
    };

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void Corrupt_csv_gives_a_typed_error_with_the_position(string name, string text, CsvOptions? options, string position)
    {
        using var files = new TestFiles();
        string path = files.WriteText("bad.csv", text);
        var act = () => CsvDataset.Load(path, options);
        var exception = act.Should().Throw<DataFormatException>(name).Which;
        exception.File.Should().Be(path);
        exception.Position.Should().Contain(position, name);
    }

    [Fact]
    public void Options_naming_unknown_columns_are_refused()
    {
        using var files = new TestFiles();
        string path = files.WriteText("ok.csv", "a,b\n1,2\n");
        var act = () => CsvDataset.Load(path, new CsvOptions { Roles = new Dictionary<string, ColumnRole> { ["c"] = ColumnRole.Target } });
        act.Should().Throw<DatasetException>().WithMessage("*no column 'c'*");
    }

    [Fact]
    public void Wide_headers_are_checked_in_one_pass_against_a_column_limit()
    {
        using var files = new TestFiles();
        string wide = files.WriteText("wide.csv", string.Join(",", Enumerable.Range(0, 10_001).Select(i => $"c{i}")) + "\n" + string.Join(",", Enumerable.Repeat("1", 10_001)) + "\n");
        var tooWide = () => CsvDataset.Load(wide);
        tooWide.Should().Throw<DataFormatException>().Where(e => e.Position == "line 1" && e.File == wide).WithMessage("*10,001 columns*limit is 10,000*MaxColumns*");

        string duplicate = files.WriteText("duplicate.csv", string.Join(",", Enumerable.Range(0, 5_000).Select(i => $"c{i}").Append("c17")) + "\n" + string.Join(",", Enumerable.Repeat("1", 5_001)) + "\n");
        var twice = () => CsvDataset.Load(duplicate);
        twice.Should().Throw<DataFormatException>().WithMessage("*column 5001 has the duplicate name 'c17'*");
        CsvDataset.Load(wide, new CsvOptions { MaxColumns = 20_000 }).Schema.Columns.Should().HaveCount(10_001);
    }
}
