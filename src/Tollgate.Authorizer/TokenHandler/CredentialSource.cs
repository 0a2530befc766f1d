using Tollgate.Authorizer.Credentials;
using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.TokenHandler;

/// <summary>What the ExtractCredential step found, and the validator that proves that kind of credential.</summary>
public readonly record struct CredentialSource(Credential Credential, ITokenValidator Validator);
