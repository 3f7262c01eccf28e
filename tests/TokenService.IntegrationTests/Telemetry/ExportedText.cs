using System.Diagnostics;
using OpenTelemetry.Metrics;

namespace TokenService.IntegrationTests.Telemetry;

/// <summary>Everything an exported span or metric carries, as the lines of text a search looks through.</summary>
public static class ExportedText
{
    public static IEnumerable<string> Of(Activity span)
    {
        yield return span.DisplayName;
        yield return span.OperationName;
        yield return span.StatusDescription ?? "";
        foreach (var (key, value) in span.TagObjects)
        {
            yield return $"{key}={value}";
        }

        foreach (var item in span.Events)
        {
            yield return item.Name;
            foreach (var (key, value) in item.Tags)
            {
                yield return $"{key}={value}";
            }
        }

        foreach (var (key, value) in span.Baggage)
        {
            yield return $"{key}={value}";
        }
    }

    public static IEnumerable<string> Of(MetricSnapshot metric)
    {
        yield return metric.Name;
        foreach (var point in metric.MetricPoints)
        {
            foreach (var (key, value) in TagsOf(point))
            {
                yield return $"{key}={value}";
            }
        }
    }

    /// <summary>A metric point's attributes (the SDK's collection is a struct enumerator only).</summary>
    public static IReadOnlyList<KeyValuePair<string, object?>> TagsOf(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags)
        {
            tags.Add(tag);
        }

        return tags;
    }
}
