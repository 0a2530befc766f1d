namespace Tollgate.Core;

public static class Clock
{
    /// <summary>Now, to the millisecond: the precision records are stored with, so a record reads back as it was written.</summary>
    public static DateTimeOffset Now(this TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
