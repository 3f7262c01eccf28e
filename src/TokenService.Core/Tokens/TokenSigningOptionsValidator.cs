using Microsoft.Extensions.Options;

namespace TokenService.Tokens;

/// <summary>
/// Checks the token-signing key ring at start (<c>ValidateOnStart</c>), so that a host without
/// valid <c>Tokens__*</c> settings refuses to start and names the setting. The rules are
/// <see cref="TokenCodec"/>'s own: the validator builds one and reports what it refused.
/// </summary>
internal sealed class TokenSigningOptionsValidator : IValidateOptions<TokenSigningOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenSigningOptions options)
    {
        try
        {
            _ = new TokenCodec(Options.Create(options));
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
