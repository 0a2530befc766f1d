namespace Tollgate.Authorizer.Tests.Support;

public static class TestTime
{
    /// <summary>Where a test's <c>FakeTimeProvider</c> starts when the date does not matter: 2030-01-01 12:00 UTC.</summary>
    public static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
}
