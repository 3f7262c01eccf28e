using System.Text.Json;
using TokenService.Brokers;

namespace TokenService.Gateway.Brokers;

/// <summary>
/// EMQX 5's HTTP authenticator and authorizer, configured with JSON bodies from its templates:
/// authn <c>{"username":"${username}","password":"${password}","clientid":"${clientid}"}</c>,
/// authz <c>{"clientid":"${clientid}","username":"${username}","action":"${action}","topic":"${topic}"}</c>.
/// Answers 200 JSON; a storage failure is a 503, which EMQX treats as "ignore" (the next
/// authenticator in its chain, by default none: the client is refused).
/// </summary>
public static class EmqxGateway
{
    public static Task AuthenticateAsync(HttpContext http) => AnswerAsync(http, async (fields, authorizer, ct) =>
    {
        var decision = await authorizer.AuthenticateAsync(fields.Field("username"), fields.Field("password"), fields.Field("clientid"), ct);
        return writer =>
        {
            writer.WriteString("result", decision.Allowed ? "allow" : "deny");
            writer.WriteBoolean("is_superuser", false);
            if (decision.Session is { } session)
            {
                writer.WriteNumber("expire_at", session.ExpiresAt.ToUnixTimeSeconds());
                if (EmqxAuthorizer.AclFor(session) is { } rules)
                {
                    writer.WriteStartArray("acl");
                    foreach (var rule in rules)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("permission", rule.Permission);
                        writer.WriteString("action", rule.Action);
                        writer.WriteString("topic", rule.Topic);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }
            }
        };
    });

    public static Task AuthorizeAsync(HttpContext http) => AnswerAsync(http, async (fields, authorizer, ct) =>
    {
        var allowed = await authorizer.AuthorizeAsync(fields.Field("clientid"), fields.Field("username"), fields.Field("action"), fields.Field("topic"), ct);
        return writer => writer.WriteString("result", allowed ? "allow" : "deny");
    });

    private static async Task AnswerAsync(
        HttpContext http, Func<IReadOnlyDictionary<string, string>, EmqxAuthorizer, CancellationToken, Task<Action<Utf8JsonWriter>>> decide)
    {
        Action<Utf8JsonWriter> answer;
        try
        {
            var fields = await BrokerJson.ReadStringsAsync(http);
            answer = await decide(fields, http.RequestServices.GetRequiredService<EmqxAuthorizer>(), http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EmqxGateway)).LogError(e, "EMQX check {Path} failed", http.Request.Path.Value);
            await BrokerJson.WriteAsync(http, writer => writer.WriteString("result", "ignore"), StatusCodes.Status503ServiceUnavailable);
            return;
        }

        await BrokerJson.WriteAsync(http, answer);
    }
}
