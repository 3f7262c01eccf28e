using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace TokenService.Accounts;

/// <summary>
/// Checks a key ring at start (<c>ValidateOnStart</c>), so that a host whose key settings are wrong
/// refuses to start and names the setting, instead of failing every call with InternalError. The
/// rules are those of the ring's owner (<see cref="SecretProtector"/>, the token codec): the
/// validator builds one with the options and reports what it refused.
/// </summary>
/// <param name="build">Builds the ring's owner, throwing <see cref="InvalidOperationException"/> for a bad setting.</param>
internal sealed class KeyRingValidator<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(Func<IOptions<TOptions>, object> build) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        try
        {
            _ = build(Options.Create(options));
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
