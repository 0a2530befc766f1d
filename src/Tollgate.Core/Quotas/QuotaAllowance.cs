namespace Tollgate.Core.Quotas;

/// <summary>
/// What is left of a client's token quota, for the <c>RateLimit-*</c> headers: the tightest window's
/// <see cref="Limit"/>, what <see cref="Remaining"/> of it, and in how many seconds it resets; and every window
/// (<see cref="Policy"/>, as <c>10;w=60, 1000;w=86400</c>).
/// </summary>
public sealed record QuotaAllowance(int Limit, int Remaining, int ResetSeconds, string Policy);
