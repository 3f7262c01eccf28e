using TokenService.Brokers;

namespace TokenService.Gateway.Brokers;

/// <summary>
/// <c>rabbitmq_auth_backend_http</c>'s four questions (POST form), answered 200 with the plain text
/// the plugin expects (<c>allow</c>, <c>deny</c>, or <c>allow &lt;tags&gt;</c> for the user check).
/// A storage failure is a 503, which the broker treats as a refusal too.
/// </summary>
public static class RabbitMqGateway
{
    public static Task UserAsync(HttpContext http) => AnswerAsync(http, (form, authorizer, ct) =>
        authorizer.UserAsync(form.Single("username"), form.Single("password"), form.Single("client_id"), ct));

    public static Task VhostAsync(HttpContext http) => AnswerAsync(http, async (form, authorizer, ct) =>
        Text(await authorizer.VhostAsync(form.Single("username"), form.Single("vhost"), form.Single("client_id"), ct)));

    public static Task ResourceAsync(HttpContext http) => AnswerAsync(http, async (form, authorizer, ct) =>
        Text(await authorizer.ResourceAsync(
            form.Single("username"), form.Single("vhost"), form.Single("resource"), form.Single("name"), form.Single("permission"),
            form.Single("client_id"), ct)));

    public static Task TopicAsync(HttpContext http) => AnswerAsync(http, async (form, authorizer, ct) =>
        Text(await authorizer.TopicAsync(
            form.Single("username"), form.Single("vhost"), form.Single("name"), form.Single("permission"), form.Single("routing_key"),
            form.Single("variable_map.client_id"), ct)));

    private static string Text(bool allowed) => allowed ? RabbitMqAuthorizer.Allow : RabbitMqAuthorizer.Deny;

    private static async Task AnswerAsync(HttpContext http, Func<IFormCollection, RabbitMqAuthorizer, CancellationToken, Task<string>> decide)
    {
        string answer;
        try
        {
            var form = await BrokerForm.ReadAsync(http);
            answer = await decide(form, http.RequestServices.GetRequiredService<RabbitMqAuthorizer>(), http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RabbitMqGateway))
                .LogError(e, "RabbitMQ check {Path} failed", http.Request.Path.Value);
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            answer = RabbitMqAuthorizer.Deny;
        }

        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(answer, http.RequestAborted);
    }
}
