using BuildKit.Sbom;

namespace BuildKit.Tests.Sbom;

public sealed class PurlsSpecs
{
    [Theory]
    [InlineData("https://github.com/KDAB/perfparser.git", "pkg:github/kdab/perfparser@0123abc")]
    [InlineData("git@github.com:koenpoppe/PrefixTickLabels", "pkg:github/koenpoppe/prefixticklabels@0123abc")]
    [InlineData("file:///srv/git/perfparser", "pkg:generic/perfparser@0123abc?vcs_url=git%2Bfile%3A%2F%2F%2Fsrv%2Fgit%2Fperfparser%400123abc")]
    public void A_source_is_a_github_purl_on_github_and_a_generic_one_with_its_vcs_url_elsewhere(string url, string purl)
    {
        // Act
        var made = Purls.Source("perfparser", "0123abc", url, "0123abc");

        // Assert
        made.Should().Be(purl);
    }

    [Fact]
    public void Go_and_npm_purls_keep_the_path_s_slashes_and_encode_the_rest()
    {
        // Act
        var go = Purls.Golang("github.com/Azure/go-autorest", "v14.2.0+incompatible");
        var npm = Purls.Npm("@grafana/data", "12.2.0");

        // Assert
        go.Should().Be("pkg:golang/github.com/Azure/go-autorest@v14.2.0%2Bincompatible");
        npm.Should().Be("pkg:npm/%40grafana/data@12.2.0");
    }
}
