using Tollgate.Aws.Secrets;

namespace Tollgate.Aws.Tests.Secrets;

public sealed class SigV4Tests
{
    /// <summary>The worked example of AWS's "Signature Version 4 header-based authentication" page (S3 GET Object, first 10 bytes).</summary>
    [Fact]
    public void PublishedExample_GivesThePublishedSignature()
    {
        const string emptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        var headers = new Dictionary<string, string>
        {
            ["host"] = "examplebucket.s3.amazonaws.com", ["range"] = "bytes=0-9",
            ["x-amz-content-sha256"] = emptySha256, ["x-amz-date"] = "20130524T000000Z",
        };
        var authorization = SigV4.Authorization("GET", "/test.txt", "", headers, emptySha256,
            new AwsCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null), "us-east-1", "s3", "20130524T000000Z");

        Assert.Equal("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", authorization);
    }

    [Fact]
    public void AmzDate_IsBasicIso8601InUtc() =>
        Assert.Equal("20261206T193005Z", SigV4.AmzDate(new DateTimeOffset(2026, 12, 6, 20, 30, 5, TimeSpan.FromHours(1))));

    [Fact]
    public void Credentials_NeverPrintTheSecret() =>
        Assert.DoesNotContain("secret-key", new AwsCredentials("AKID", "secret-key", "token").ToString());
}
