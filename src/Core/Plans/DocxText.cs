using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace ChildCare.Core.Plans;

/// <summary>
/// The text of a Word document (.docx) as the extractor reads plans: one line per paragraph, a list paragraph with
/// the mark Word draws for it ("1.", "-"), which is not in its text, and a table row as "| cell | cell |".
/// </summary>
internal static class DocxText
{
    // document.xml of a 2 MB .docx is rarely above a few MB; this stops a crafted one from inflating without end.
    private const long MaxCharacters = 20_000_000;

    /// <exception cref="InvalidDataException">Not a Word document, or a damaged one.</exception>
    public static string Read(Stream docx)
    {
        try
        {
            using var document = WordprocessingDocument.Open(docx, false, new OpenSettings { MaxCharactersInPart = MaxCharacters });
            var body = document.MainDocumentPart?.Document?.Body ?? throw new InvalidDataException("The document has no body.");
            var numbering = new ListMarks(document.MainDocumentPart.NumberingDefinitionsPart?.Numbering);
            var text = new StringBuilder();
            foreach (var element in body.Elements())
            {
                switch (element)
                {
                    case Paragraph paragraph:
                        text.Append(numbering.MarkOf(paragraph)).Append(TextOf(paragraph)).Append('\n');
                        break;
                    case Table table:
                        foreach (var row in table.Elements<TableRow>())
                        {
                            var cells = row.Elements<TableCell>().Select(c => string.Join(' ', c.Elements<Paragraph>().Select(TextOf)).Replace('|', '/').Trim());
                            text.Append("| ").Append(string.Join(" | ", cells)).Append(" |\n");
                        }

                        text.Append('\n');
                        break;
                    default:
                        break;
                }
            }

            return text.ToString();
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidOperationException or IOException or ArgumentException or System.Xml.XmlException)
        {
            throw new InvalidDataException("Not a readable Word document.", e);
        }
    }

    private static string TextOf(Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text run:
                    text.Append(run.Text);
                    break;
                case TabChar:
                    text.Append(' ');
                    break;
                case Break or CarriageReturn:
                    text.Append('\n');
                    break;
                default:
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Word's list numbering: bullets as "-", numbers counted per list and level. Each list's format is looked up
    /// once (a document with thousands of lists and list paragraphs stays linear).
    /// </summary>
    private sealed class ListMarks(Numbering? numbering)
    {
        private const int Levels = 9;

        private readonly Dictionary<int, int[]> _counters = [];
        private readonly Dictionary<(int List, int Level), NumberFormatValues?> _formats = [];
        private Dictionary<int, AbstractNum>? _abstracts;
        private Dictionary<int, int?>? _instances;

        public string MarkOf(Paragraph paragraph)
        {
            var properties = paragraph.ParagraphProperties?.NumberingProperties;
            if (properties?.NumberingId?.Val?.Value is not { } list || list == 0)
            {
                return "";
            }

            var level = Math.Clamp(properties.NumberingLevelReference?.Val?.Value ?? 0, 0, Levels - 1);
            if (FormatOf(list, level) == NumberFormatValues.Bullet)
            {
                return "- ";
            }

            if (!_counters.TryGetValue(list, out var counts))
            {
                _counters[list] = counts = new int[Levels];
            }

            var count = ++counts[level];
            Array.Clear(counts, level + 1, Levels - level - 1);
            return count.ToString(CultureInfo.InvariantCulture) + ". ";
        }

        private NumberFormatValues? FormatOf(int list, int level)
        {
            if (_formats.TryGetValue((list, level), out var known))
            {
                return known;
            }

            _instances ??= numbering?.Elements<NumberingInstance>().Where(n => n.NumberID?.Value is not null)
                .GroupBy(n => n.NumberID!.Value).ToDictionary(g => g.Key, g => g.First().AbstractNumId?.Val?.Value) ?? [];
            _abstracts ??= numbering?.Elements<AbstractNum>().Where(a => a.AbstractNumberId?.Value is not null)
                .GroupBy(a => a.AbstractNumberId!.Value).ToDictionary(g => g.Key, g => g.First()) ?? [];
            var format = _instances.GetValueOrDefault(list) is { } abstractId && _abstracts.GetValueOrDefault(abstractId) is { } definition
                ? definition.Elements<Level>().FirstOrDefault(l => l.LevelIndex?.Value == level)?.NumberingFormat?.Val?.Value
                : null;
            _formats[(list, level)] = format;
            return format;
        }
    }
}
