using TokenService.Brokers;

namespace TokenService.Gateway.Brokers;

/// <summary>
/// Event Grid's custom webhook authentication: POST JSON <c>{"clientId","userName","password" (base64), ...}</c>
/// with an Entra ID bearer token (<see cref="EventGridCaller"/>); 200 with <c>{"decision":"allow",
/// "clientAuthenticationName","attributes","expiration"}</c> or <c>{"decision":"deny","errorReason"}</c>.
/// A caller that is not the namespace gets 401 and nothing else.
/// </summary>
public static class EventGridGateway
{
    public static async Task AuthenticateAsync(HttpContext http)
    {
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EventGridGateway));
        if (await http.RequestServices.GetRequiredService<EventGridCaller>().RefusalAsync(http) is { } refusal)
        {
            logger.LogWarning("Event Grid webhook call refused: {Reason}", refusal);
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        ConnectDecision decision;
        string? clientId;
        try
        {
            var fields = await BrokerJson.ReadStringsAsync(http);
            clientId = fields.Field("clientId");
            decision = await http.RequestServices.GetRequiredService<EventGridAuthorizer>()
                .AuthenticateAsync(clientId, fields.Field("userName"), fields.Field("password"), http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Event Grid authentication failed");
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        await BrokerJson.WriteAsync(http, writer =>
        {
            if (decision.Session is not { } session)
            {
                writer.WriteString("decision", "deny");
                // Generic on purpose: the client learns nothing a probe could use; the log has the reason.
                writer.WriteString("errorReason", "The credentials are not valid.");
                return;
            }

            writer.WriteString("decision", "allow");
            writer.WriteString("clientAuthenticationName", clientId);
            writer.WriteStartObject("attributes");
            foreach (var (name, value) in EventGridAuthorizer.Attributes(session))
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteNumber("expiration", session.ExpiresAt.ToUnixTimeSeconds());
        });
    }
}
