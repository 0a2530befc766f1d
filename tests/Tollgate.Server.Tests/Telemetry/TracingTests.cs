using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Tollgate.Server.Tests.Decisions;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Telemetry;

/// <summary>A host with tracing on (an OTLP endpoint that is never reached) and an in-memory exporter beside it.</summary>
public sealed class TracingHost() : TollgateHost(null)
{
    public List<Activity> Spans { get; } = [];

    protected override bool UseKestrel => false;

    protected override void Configure(Dictionary<string, string?> settings) => settings["Tollgate:Tracing:OtlpEndpoint"] = "http://127.0.0.1:9";

    protected override void ConfigureServices(IServiceCollection services) => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans));
}

[Collection(MetricsCollection.Name)]
public sealed class TracingTests(TracingHost host) : IClassFixture<TracingHost>
{
    [Fact]
    public async Task TokenAndDecision_LeaveSpans_WithTheDecisionStepsAsChildren()
    {
        var audience = await host.CreateApiAsync(alg: "ES256");
        Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(audience)}/routes", ForwardAuthTests<TracingHost>.Rules)).StatusCode);
        var reader = await host.CreateClientAsync();
        await host.GrantAsync(reader.Id, audience, "read:contacts");
        var token = await host.TokenAsync(reader.Id, reader.Secret, audience);
        var request = new HttpRequestMessage(HttpMethod.Get, "/decisions");
        request.Headers.Add("X-Tollgate-Audience", audience);
        request.Headers.Add("X-Original-Method", "GET");
        request.Headers.Add("X-Original-URI", "/contacts");
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        Assert.Equal(HttpStatusCode.OK, (await host.Http.SendAsync(request)).StatusCode);

        List<Activity> spans;
        lock (host.Spans) spans = host.Spans.ToList();
        Assert.Contains(spans, s => s.OperationName == "tollgate.token");
        var decision = spans.Last(s => s.OperationName == "tollgate.decision");
        Assert.Equal("allow", decision.GetTagItem("tollgate.decision.kind"));
        Assert.Contains(spans, s => s.SpanId == decision.ParentSpanId && s.Kind == ActivityKind.Server);   // under the ASP.NET Core request span
        var children = spans.Where(s => s.ParentSpanId == decision.SpanId).OrderBy(s => s.StartTimeUtc).Select(s => s.OperationName).ToList();
        Assert.Equal(["tollgate.decision.parse", "tollgate.decision.validate", "tollgate.decision.revocation", "tollgate.decision.rules"], children);
        Assert.DoesNotContain(spans.SelectMany(s => s.TagObjects), t => t.Value is string v && v.Contains(token, StringComparison.Ordinal));
    }
}
