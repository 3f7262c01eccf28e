using FunctionsHostHarness.Protocol.Messages;
using Grpc.Core;

namespace FunctionsHostHarness.Protocol;

/// <summary>The gRPC service the worker connects to: <c>AzureFunctionsRpcMessages.FunctionRpc/EventStream</c>.</summary>
public sealed class FunctionRpcService(WorkerChannel channel) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context) =>
        channel.ServeAsync(requestStream, responseStream, context);
}
