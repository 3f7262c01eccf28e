using System.Collections.Concurrent;
using System.Threading.Channels;
using FunctionsHostHarness.Hosting;
using FunctionsHostHarness.Protocol.Messages;
using Grpc.Core;
using GrpcException = Grpc.Core.RpcException;
using MessageType = FunctionsHostHarness.Protocol.Messages.StreamingMessage.ContentOneofCase;

namespace FunctionsHostHarness.Protocol;

/// <summary>
/// The host's end of one worker's EventStream: what the harness sends goes out in order through
/// one writer; what the worker sends is sorted as the host sorts it: RpcLog to the log,
/// InvocationResponse to the invocation waiting for it, every other message to the protocol
/// steps that wait for it in turn (<see cref="NextAsync"/>).
/// </summary>
public sealed class WorkerChannel(HarnessLog log)
{
    private readonly Channel<StreamingMessage> _outbound = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<StreamingMessage> _replies = Channel.CreateUnbounded<StreamingMessage>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _invocations = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<StartStream> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connections;

    /// <summary>Completes with the worker's StartStream, the first message of its stream.</summary>
    public Task<StartStream> Started => _started.Task;

    /// <summary>Completes when the worker's stream has ended.</summary>
    public Task Closed => _closed.Task;

    public ValueTask SendAsync(StreamingMessage message) => _outbound.Writer.WriteAsync(message);

    /// <summary>The next message of <paramref name="type"/> from the worker (other replies in between are logged and dropped).</summary>
    public async Task<StreamingMessage> NextAsync(MessageType type, CancellationToken cancellationToken)
    {
        while (true)
        {
            StreamingMessage message;
            try
            {
                message = await _replies.Reader.ReadAsync(cancellationToken);
            }
            catch (ChannelClosedException)
            {
                throw new HarnessException($"the worker's stream ended while the harness waited for {type}");
            }

            if (message.ContentCase == type)
            {
                return message;
            }

            log.Write("harness", $"ignored {message.ContentCase} while waiting for {type}");
        }
    }

    /// <summary>Sends the request and completes with the worker's InvocationResponse for it.</summary>
    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var pending = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_invocations.TryAdd(request.InvocationId, pending))
        {
            throw new InvalidOperationException($"invocation {request.InvocationId} is already running");
        }

        try
        {
            await SendAsync(new StreamingMessage { InvocationRequest = request });
            await using var registration = cancellationToken.Register(() => pending.TrySetCanceled(cancellationToken));
            return await pending.Task;
        }
        finally
        {
            _invocations.TryRemove(request.InvocationId, out _);
        }
    }

    /// <summary>Serves one EventStream call (the gRPC service's handler).</summary>
    public async Task ServeAsync(IAsyncStreamReader<StreamingMessage> requests, IServerStreamWriter<StreamingMessage> responses, ServerCallContext context)
    {
        if (Interlocked.Increment(ref _connections) > 1)
        {
            // The dotnet worker opens one stream; the harness hosts one worker.
            log.Write("harness", "refused a second EventStream");
            throw new GrpcException(new Status(StatusCode.ResourceExhausted, "the harness serves one worker stream"));
        }

        using var writing = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var writer = WriteAsync(responses, writing.Token);
        try
        {
            await ReadAsync(requests, context.CancellationToken);
        }
        finally
        {
            log.Write("harness", "the worker's stream ended");
            _replies.Writer.TryComplete();
            _started.TrySetException(new HarnessException("the worker's stream ended before StartStream"));
            foreach (var pending in _invocations.Values)
            {
                pending.TrySetException(new HarnessException("the worker's stream ended before the InvocationResponse"));
            }

            await writing.CancelAsync();
            try
            {
                await writer;
            }
            catch (OperationCanceledException)
            {
                // Stopped with the stream.
            }

            _closed.TrySetResult();
        }
    }

    private async Task ReadAsync(IAsyncStreamReader<StreamingMessage> requests, CancellationToken cancellationToken)
    {
        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                Dispatch(requests.Current);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or GrpcException)
        {
            log.Write("harness", $"reading the worker's stream failed: {e.Message}");
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case MessageType.StartStream:
                log.Write("protocol", $"<- StartStream worker {message.StartStream.WorkerId}");
                _started.TrySetResult(message.StartStream);
                break;
            case MessageType.RpcLog:
                var entry = message.RpcLog;
                log.Write("worker log", $"{entry.Level} {entry.Category}: {entry.Message}{(entry.Exception is { } e ? " " + e.Message : "")}");
                break;
            case MessageType.InvocationResponse:
                if (_invocations.TryGetValue(message.InvocationResponse.InvocationId, out var pending))
                {
                    pending.TrySetResult(message.InvocationResponse);
                }
                else
                {
                    log.Write("harness", $"InvocationResponse for unknown invocation {message.InvocationResponse.InvocationId}");
                }

                break;
            case MessageType.None:
                // A message type this subset of the protocol leaves out (unknown fields are skipped).
                log.Write("protocol", "<- a message the harness does not model");
                break;
            default:
                log.Write("protocol", $"<- {message.ContentCase}");
                _replies.Writer.TryWrite(message);
                break;
        }
    }

    private async Task WriteAsync(IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        await foreach (var message in _outbound.Reader.ReadAllAsync(cancellationToken))
        {
            if (message.ContentCase != MessageType.InvocationRequest)
            {
                log.Write("protocol", $"-> {message.ContentCase}");
            }

            await responses.WriteAsync(message, cancellationToken);
        }
    }
}
