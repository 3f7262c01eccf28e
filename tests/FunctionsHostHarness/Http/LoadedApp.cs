using FunctionsHostHarness.Functions;

namespace FunctionsHostHarness.Http;

/// <summary>What the front end serves once the worker has loaded its functions.</summary>
public sealed record LoadedApp(IReadOnlyList<LoadedFunction> Functions, HttpRoutes Routes, Uri? WorkerHttpUri);
