using Microsoft.Extensions.Options;

namespace TokenService.Accounts;

/// <summary>
/// Checks the secret-encryption key ring at start (<c>ValidateOnStart</c>), so that a host without
/// valid <c>Secrets__*</c> settings refuses to start and says which setting is wrong, instead of
/// failing every call with InternalError. The rules are <see cref="SecretProtector"/>'s own: the
/// validator builds one and reports what it refused.
/// </summary>
internal sealed class SecretProtectionOptionsValidator : IValidateOptions<SecretProtectionOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretProtectionOptions options)
    {
        try
        {
            _ = new SecretProtector(Options.Create(options));
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
