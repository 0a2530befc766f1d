using System.Globalization;
using System.Text;
using System.Text.Json;
using Tollgate.Authorizer.Policies;

/// <summary>
/// N policies in Ladon's usual shape, over 10 client subjects (so a subject's bucket holds N/10):
/// policy i lets <c>client-{i % 10}</c> <c>read</c>/<c>list</c> <c>resources:tenant{i}:orders:&lt;[0-9]+&gt;</c>;
/// one in twenty is a deny on one order of its tenant; five templated-subject policies
/// (<c>svc-&lt;.*&gt;</c>) apply to everyone. Requests visit every policy in turn: an allowed
/// read (8 in 10), a refused write (no match, 1 in 10), a denied order (1 in 10 on a tenant with a deny).
/// </summary>
internal static class Workload
{
    private const int Subjects = 10;

    public static List<Policy> Policies(int count)
    {
        var policies = new List<Policy>(count + count / 20 + 5);
        for (var i = 0; i < count; i++)
        {
            policies.Add(new Policy
            {
                Id = $"p{i}", Subjects = [$"client-{i % Subjects}"], Actions = ["read", "list"],
                Resources = [$"resources:tenant{i}:orders:<[0-9]+>"],
            });
            if (i % 20 == 0)
                policies.Add(new Policy { Id = $"d{i}", Subjects = [$"client-{i % Subjects}"], Effect = PolicyEffect.Deny, Actions = ["<.*>"], Resources = [$"resources:tenant{i}:orders:13"] });
        }
        for (var k = 0; k < 5; k++)
            policies.Add(new Policy { Id = $"svc{k}", Subjects = ["svc-<[a-z]+>"], Actions = ["read"], Resources = [$"resources:shared{k}:<.*>"] });
        return policies;
    }

    /// <summary>
    /// <paramref name="total"/> requests whatever the count (the same working set of request strings
    /// for every count, so only the policies differ): request j is about policy j % count.
    /// </summary>
    public static List<(PolicyRequest Request, PolicyOutcome Expected)> Requests(int count, int total = 12_000)
    {
        var requests = new List<(PolicyRequest, PolicyOutcome)>(total);
        for (var j = 0; j < total; j++)
        {
            var i = j % count;
            var subject = $"client-{i % Subjects}";
            requests.Add((j % 10) switch
            {
                0 when i % 20 == 0 => (new PolicyRequest(subject, "read", $"resources:tenant{i}:orders:13"), PolicyOutcome.Denied),
                1 => (new PolicyRequest(subject, "write", $"resources:tenant{i}:orders:{j}"), PolicyOutcome.NoMatchingPolicy),
                _ => (new PolicyRequest(subject, "read", $"resources:tenant{i}:orders:{1000 + j}"), PolicyOutcome.Allowed),
            });
        }
        return requests;
    }

    /// <summary>policies-N.json: one admin API body per line; bodies-N.txt: one /warden/allowed body per line.</summary>
    public static void Write(string directory, int count, List<Policy> policies, List<(PolicyRequest Request, PolicyOutcome Expected)> requests)
    {
        Directory.CreateDirectory(directory);
        using (var file = new StreamWriter(Path.Combine(directory, $"policies-{count}.jsonl"), false, new UTF8Encoding(false)))
            foreach (var p in policies)
                file.WriteLine(JsonLine(w =>
                {
                    w.WriteString("id", p.Id);
                    Array(w, "subjects", p.Subjects);
                    w.WriteString("effect", PolicyDocument.EffectName(p.Effect));
                    Array(w, "actions", p.Actions);
                    Array(w, "resources", p.Resources);
                }));
        using (var file = new StreamWriter(Path.Combine(directory, $"bodies-{count}.txt"), false, new UTF8Encoding(false)))
            foreach (var (r, _) in requests)
                file.WriteLine(JsonLine(w =>
                {
                    w.WriteString("subject", r.Subject);
                    w.WriteString("action", r.Action);
                    w.WriteString("resource", r.Resource);
                }));
    }

    private static string JsonLine(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Array(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
