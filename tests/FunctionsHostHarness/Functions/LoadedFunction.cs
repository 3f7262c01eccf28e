using FunctionsHostHarness.Protocol.Messages;

namespace FunctionsHostHarness.Functions;

/// <summary>A function the worker indexed and the harness loaded, with its trigger.</summary>
public sealed record LoadedFunction(string Name, string FunctionId, RpcFunctionMetadata Metadata, IReadOnlyList<FunctionBinding> Bindings)
{
    public FunctionBinding Trigger => Bindings.Single(b => b.IsTrigger);

    public bool IsHttp => string.Equals(Trigger.Type, "httpTrigger", StringComparison.OrdinalIgnoreCase);

    public static LoadedFunction FromIndexed(RpcFunctionMetadata metadata)
    {
        var bindings = metadata.RawBindings.Select(FunctionBinding.Parse).ToList();
        if (bindings.Count(b => b.IsTrigger) != 1)
        {
            throw new FormatException($"function {metadata.Name} has {bindings.Count(b => b.IsTrigger)} triggers");
        }

        return new LoadedFunction(metadata.Name, metadata.FunctionId, metadata, bindings);
    }

    /// <summary>The load request the host sends for this function (its GetFunctionLoadRequest).</summary>
    public FunctionLoadRequest ToLoadRequest()
    {
        var request = new FunctionLoadRequest
        {
            FunctionId = FunctionId,
            Metadata = new RpcFunctionMetadata
            {
                Name = Name,
                Directory = Metadata.Directory,
                EntryPoint = Metadata.EntryPoint,
                ScriptFile = Metadata.ScriptFile,
                IsProxy = false,
            },
        };
        foreach (var binding in Bindings)
        {
            request.Metadata.Bindings.Add(binding.Name, binding.ToBindingInfo());
        }

        request.Metadata.Properties.Add(Metadata.Properties);
        return request;
    }
}
