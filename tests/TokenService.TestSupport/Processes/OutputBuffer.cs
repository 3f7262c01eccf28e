using System.Text;

namespace TokenService.TestSupport.Processes;

/// <summary>
/// The output a <see cref="ChildProcess"/> keeps for error messages and assertions, within bounds:
/// either every line up to a number of characters (a test counts lines of a load run's log) or only
/// the last lines (a service that runs through a whole benchmark, whose end explains a failure).
/// Lines arrive from two streams at once, so every access is locked.
/// </summary>
internal sealed class OutputBuffer(int? lastLines, int maxCharacters)
{
    private readonly StringBuilder _text = new();
    private readonly Queue<string> _lines = new();

    public string Text
    {
        get
        {
            lock (_lines)
            {
                return lastLines is null ? _text.ToString() : string.Join('\n', _lines);
            }
        }
    }

    public void Add(string line)
    {
        lock (_lines)
        {
            if (lastLines is not { } kept)
            {
                if (_text.Length < maxCharacters)
                {
                    _text.AppendLine(line);
                }

                return;
            }

            _lines.Enqueue(line);
            while (_lines.Count > kept)
            {
                _lines.Dequeue();
            }
        }
    }
}
