using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Tollgate.Client.Dpop;

/// <summary>
/// The DPoP key of each named client: the caller's <see cref="ClientCredentialsOptions.DpopKey"/>,
/// or one generated for the name (P-256 for ES256, RSA-2048 for RS256/PS256) and kept for the
/// life of the service provider, so handler rotation by IHttpClientFactory keeps the same key and token.
/// </summary>
internal sealed class DpopKeys : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<DpopKey>> _generated = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<AsymmetricAlgorithm> _owned = new();

    public DpopKey For(string name, ClientCredentialsOptions options)
    {
        if (options.DpopKey is { } given)
            return DpopKey.Create(given, JwsSigner.AlgorithmFor(given, options.DpopAlgorithm) ?? throw new InvalidOperationException("DpopAlgorithm does not fit DpopKey"));
        var algorithm = options.DpopAlgorithm ?? "ES256";
        return _generated.GetOrAdd($"{name}\n{algorithm}", _ => new Lazy<DpopKey>(() => Generate(algorithm))).Value;
    }

    private DpopKey Generate(string algorithm)
    {
        AsymmetricAlgorithm key = algorithm == "ES256" ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048);
        _owned.Enqueue(key);
        return DpopKey.Create(key, algorithm);
    }

    public void Dispose()
    {
        while (_owned.TryDequeue(out var key)) key.Dispose();
    }
}
