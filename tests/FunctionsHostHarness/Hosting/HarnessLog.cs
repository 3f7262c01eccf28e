using System.Globalization;

namespace FunctionsHostHarness.Hosting;

/// <summary>
/// The harness's log file: the worker's standard output and error, the logs it sends over the
/// stream (RpcLog) and the protocol's milestones, one timestamped line each.
/// </summary>
public sealed class HarnessLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();
    private bool _disposed;

    public HarnessLog(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _writer = new StreamWriter(new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public string Path { get; }

    public void Write(string source, string text)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss.fff} [{source}] {text}");
        lock (_lock)
        {
            // The worker's last output lines can arrive after the harness has stopped.
            if (!_disposed)
            {
                _writer.WriteLine(line);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _writer.Dispose();
        }
    }
}
