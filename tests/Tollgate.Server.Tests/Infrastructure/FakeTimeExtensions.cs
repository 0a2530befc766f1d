using Microsoft.Extensions.Time.Testing;

namespace Tollgate.Server.Tests.Infrastructure;

public static class FakeTimeExtensions
{
    /// <summary>
    /// Awaits <paramref name="task"/> while moving the clock a second at a time, for work that waits on the
    /// server's clock (a refused console sign-in's delay): the fake clock's timers fire only when it moves.
    /// </summary>
    public static async Task<T> AdvanceUntilAsync<T>(this FakeTimeProvider time, Task<T> task)
    {
        for (var i = 0; i < 500 && !task.IsCompleted; i++)
        {
            await Task.WhenAny(task, Task.Delay(10));
            if (!task.IsCompleted) time.Advance(TimeSpan.FromSeconds(1));
        }
        return await task.WaitAsync(TimeSpan.FromSeconds(5));   // fails rather than hangs when moving the clock did not help
    }
}
