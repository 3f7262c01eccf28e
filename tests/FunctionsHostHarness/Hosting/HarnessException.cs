namespace FunctionsHostHarness.Hosting;

/// <summary>The worker did not get through the protocol (exited, timed out, failed to index or load).</summary>
public sealed class HarnessException : Exception
{
    public HarnessException()
    {
    }

    public HarnessException(string message)
        : base(message)
    {
    }

    public HarnessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
