namespace Tollgate.Core.Audit;

/// <summary>
/// What a walk of the chain found. <see cref="FirstBadId"/> names the first entry that is missing,
/// changed or out of place; null when the chain is intact from its anchor to its head.
/// </summary>
public sealed record AuditVerification(bool Ok, long Checked, long AnchorId, long HeadId, long? FirstBadId, string? Problem)
{
    /// <summary>Checks every kept entry from the anchor: consecutive ids, each linked to the one before, each hash intact, ending at the recorded head.</summary>
    public static async Task<AuditVerification> RunAsync(IAuditStore store, AuditChain chain, CancellationToken cancellationToken)
    {
        const int pageSize = 500;
        var state = await store.StateAsync(cancellationToken);
        var expectedId = state.AnchorId + 1;
        var previousHash = state.AnchorHash;
        long checkedCount = 0;
        long? lastPurgedThrough = null;
        AuditVerification Bad(long id, string problem) => new(false, checkedCount, state.AnchorId, state.HeadId, id, problem);

        while (true)
        {
            var page = await store.ReadAsync(expectedId - 1, pageSize, cancellationToken);
            foreach (var entry in page)
            {
                if (entry.Id != expectedId)
                    return Bad(expectedId, entry.Id > expectedId
                        ? $"entry {expectedId} is missing (the next entry kept is {entry.Id}): deleted, or the anchor was moved"
                        : $"entry {entry.Id} appears where {expectedId} was expected");
                if (entry.PreviousHash != previousHash)
                    return Bad(entry.Id, $"entry {entry.Id} does not link to the entry before it: entries were reordered, replaced or deleted");
                if (!chain.IsIntact(entry))
                    return Bad(entry.Id, $"entry {entry.Id} was changed after it was written (its hash does not match its content)");
                if (entry.Record.Action == AuditRetention.PurgeAction) lastPurgedThrough = PurgedThrough(entry);
                previousHash = entry.Hash;
                expectedId++;
                checkedCount++;
            }
            if (page.Count < pageSize) break;
        }

        if (expectedId - 1 < state.HeadId)
            return Bad(expectedId, $"entries {expectedId} to {state.HeadId} are missing: the newest entries were deleted");
        if (expectedId - 1 > state.HeadId || previousHash != state.HeadHash)
            return Bad(state.HeadId + 1 <= expectedId - 1 ? state.HeadId + 1 : expectedId - 1, "the chain does not end at the recorded head: entries were added or the head was edited");
        if (state.AnchorId > 0 && lastPurgedThrough != state.AnchorId)
            return Bad(state.AnchorId + 1, $"the chain starts after entry {state.AnchorId}, but the last recorded purge was through {lastPurgedThrough?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}: entries were deleted and the anchor moved");
        return new(true, checkedCount, state.AnchorId, state.HeadId, null, null);
    }

    private static long? PurgedThrough(AuditEntry entry)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(entry.Record.After ?? "null")?["purged_through"]?.GetValue<long>();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
