using FunctionsHostHarness.Functions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace FunctionsHostHarness.Http;

/// <summary>
/// The host's HTTP routes: each HTTP-triggered function at <c>{routePrefix}/{route}</c> (the
/// function's name when it declares no route), for the methods its trigger declares (every
/// method when it declares none). Templates are ASP.NET Core route templates, as the host's are,
/// tried in order of precedence (literal segments before parameters before a catch-all), so
/// that <c>{*route}</c> does not take what a more specific route declares.
/// </summary>
public sealed class HttpRoutes
{
    private readonly List<Route> _routes;

    public HttpRoutes(IEnumerable<LoadedFunction> functions, string routePrefix)
    {
        _routes = functions.Where(f => f.IsHttp).Select(f =>
        {
            var template = string.Join('/', new[] { routePrefix, f.Trigger.Route ?? f.Name }.Where(p => p.Length > 0).Select(p => p.Trim('/')));
            var parsed = TemplateParser.Parse(template);
            return (Precedence: RoutePrecedence.ComputeInbound(parsed), Route: new Route(f, template, new TemplateMatcher(parsed, new RouteValueDictionary()), f.Trigger.Methods));
        }).OrderBy(r => r.Precedence).Select(r => r.Route).ToList();
    }

    public IEnumerable<string> Templates => _routes.Select(r => r.Template);

    /// <summary>The function whose route and methods match, with the route's values; null when none does.</summary>
    public (LoadedFunction Function, RouteValueDictionary Values)? Match(string method, PathString path)
    {
        foreach (var route in _routes)
        {
            var values = new RouteValueDictionary();
            if (route.Matcher.TryMatch(path, values) && (route.Methods is null || route.Methods.Contains(method.ToUpperInvariant())))
            {
                return (route.Function, values);
            }
        }

        return null;
    }

    private sealed record Route(LoadedFunction Function, string Template, TemplateMatcher Matcher, IReadOnlyList<string>? Methods);
}
