using System.Net;
using System.Text;
using BuildKit.GitHub;
using Octokit;
using BuildKitClient = BuildKit.GitHub.GitHubClient;
using OctokitClient = Octokit.GitHubClient;

namespace BuildKit.IntegrationTests.Stages.Publish;

/// <summary>
/// The fake GitHub against Octokit, a client written to GitHub's documented API: for every endpoint BuildKit calls, what
/// Octokit gets from the fake (status codes, shapes, errors, pages) is what GitHub would give it. Octokit reads no asset
/// digest, so digests and downloads are checked with BuildKit's own client.
/// </summary>
public sealed class OctokitContractSpecs : IDisposable
{
    private readonly FakeGitHub _github = new();
    private readonly TempDir _temp = TempDir.Create();

    public void Dispose()
    {
        _github.Dispose();
        _temp.Dispose();
    }

    /// <summary>Octokit takes any host but GitHub's for GitHub Enterprise Server and looks for the API under /api/v3/.</summary>
    private OctokitClient OctokitFor(string token = FakeGitHub.Token, FakeGitHub? github = null) =>
        new(new ProductHeaderValue("BuildKitContract"), new Uri((github ?? _github).BaseUrl)) { Credentials = new Credentials(token) };

    private BuildKitClient BuildKitFor(FakeGitHub? github = null) =>
        new(new GitHubSettings(new Uri((github ?? _github).EnterpriseUrl), "owner/repo", FakeGitHub.Token), PublishPacing.Default with { TimeScale = 0 }, new RecordingLog());

    [Fact]
    public async Task Get_repository_gives_a_users_token_its_permissions_and_an_app_token_none()
    {
        // Act
        var asUser = await OctokitFor().Repository.Get("owner", "repo");
        _github.CanPush = false;
        var asReader = await OctokitFor().Repository.Get("owner", "repo");
        var asApp = await OctokitFor(FakeGitHub.AppToken).Repository.Get("owner", "repo");

        // Assert
        asUser.FullName.Should().Be("owner/repo");
        asUser.Id.Should().Be(FakeGitHub.RepositoryId);
        asUser.Permissions.Push.Should().BeTrue();
        asReader.Permissions.Push.Should().BeFalse();
        asApp.Permissions.Should().BeNull();
    }

    [Fact]
    public async Task A_bad_token_is_401_and_a_repository_that_is_not_there_is_404()
    {
        // Act
        var badToken = () => OctokitFor("ghp_revoked").Repository.Get("owner", "repo");
        var missing = () => OctokitFor().Repository.Get("owner", "misspelt");

        // Assert
        (await badToken.Should().ThrowAsync<AuthorizationException>()).Which.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await missing.Should().ThrowAsync<NotFoundException>()).Which.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Releases_are_created_found_by_tag_once_published_updated_and_refused_a_second_time_for_a_tag()
    {
        // Arrange
        var releases = OctokitFor().Repository.Release;

        // Act
        var draft = await releases.Create("owner", "repo", new NewRelease("v1.0.0") { Name = "one", Body = "notes", Draft = true });
        var byTagWhileDraft = await ErrorOf(() => releases.Get("owner", "repo", "v1.0.0"));
        var listed = await releases.GetAll("owner", "repo");
        var published = await releases.Edit("owner", "repo", draft.Id, new ReleaseUpdate { Draft = false, Name = "one, published" });
        var byTag = await releases.Get("owner", "repo", "v1.0.0");
        var again = () => releases.Create("owner", "repo", new NewRelease("v1.0.0"));

        // Assert
        draft.Should().Match<Release>(r => r.Draft && r.TagName == "v1.0.0" && r.Body == "notes" && r.UploadUrl.EndsWith("/assets{?name,label}"));
        byTagWhileDraft.Should().BeOfType<NotFoundException>("a draft is not found by its tag");
        listed.Should().ContainSingle(r => r.Id == draft.Id && r.Draft);
        published.Draft.Should().BeFalse();
        published.HtmlUrl.Should().Be($"{_github.BaseUrl}owner/repo/releases/tag/v1.0.0");
        byTag.Should().Match<Release>(r => r.Id == draft.Id && r.Name == "one, published" && r.PublishedAt != null);
        var refusal = (await again.Should().ThrowAsync<ApiValidationException>()).Which;
        refusal.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        refusal.ApiError.Errors.Should().ContainSingle().Which.Should().Match<ApiErrorDetail>(e => e.Code == "already_exists" && e.Field == "tag_name" && e.Resource == "Release");
    }

    [Fact]
    public async Task Assets_are_uploaded_renamed_listed_refused_a_second_time_for_a_name_and_deleted()
    {
        // Arrange
        var releases = OctokitFor().Repository.Release;
        var release = await releases.Create("owner", "repo", new NewRelease("v1.0.0") { Draft = true });
        ReleaseAssetUpload Upload(string name, string content) =>
            new(name, "application/x-rpm", new MemoryStream(Encoding.UTF8.GetBytes(content)), null);

        // Act
        var asset = await releases.UploadAsset(release, Upload("hello-1.0~beta1-1.x86_64.rpm", "rpm bytes"));
        var duplicate = () => releases.UploadAsset(release, Upload("hello-1.0~beta1-1.x86_64.rpm", "other bytes"));
        var refusal = (await duplicate.Should().ThrowAsync<ApiValidationException>()).Which;
        var listed = await releases.GetAllAssets("owner", "repo", release.Id);
        await releases.DeleteAsset("owner", "repo", asset.Id);
        var afterDelete = await releases.GetAllAssets("owner", "repo", release.Id);
        var deleteAgain = () => releases.DeleteAsset("owner", "repo", asset.Id);

        // Assert
        asset.Should().Match<ReleaseAsset>(a => a.Name == "hello-1.0.beta1-1.x86_64.rpm" && a.State == "uploaded" && a.Size == 9);
        refusal.ApiError.Errors.Should().ContainSingle().Which.Should().Match<ApiErrorDetail>(e => e.Code == "already_exists" && e.Field == "name" && e.Resource == "ReleaseAsset");
        listed.Should().ContainSingle().Which.Id.Should().Be(asset.Id);
        afterDelete.Should().BeEmpty();
        await deleteAgain.Should().ThrowAsync<NotFoundException>();
    }

    [Fact]
    public async Task A_published_immutable_release_refuses_changes_to_it_and_its_assets()
    {
        // Arrange
        using var immutable = new FakeGitHub(immutableReleases: true);
        var releases = OctokitFor(github: immutable).Repository.Release;
        var release = immutable.Seed("v1.0.0", assets: ("hello.rpm", "rpm bytes"));
        var published = await releases.Get("owner", "repo", "v1.0.0");

        // Act
        var edit = () => releases.Edit("owner", "repo", release.Id, new ReleaseUpdate { Body = "changed" });
        var upload = () => releases.UploadAsset(published, new ReleaseAssetUpload("more.rpm", "application/x-rpm", new MemoryStream([1]), null));
        var delete = () => releases.DeleteAsset("owner", "repo", (int)release.Assets[0].Id);

        // Assert
        await edit.Should().ThrowAsync<ApiValidationException>();
        await upload.Should().ThrowAsync<ApiValidationException>();
        await delete.Should().ThrowAsync<ApiValidationException>();
        immutable.Releases.Single().Assets.Should().ContainSingle();
    }

    [Fact]
    public async Task Lists_come_in_pages_that_link_headers_lead_through_as_on_github()
    {
        // Arrange
        foreach (var i in Enumerable.Range(0, 130)) _github.Seed($"v1.0.{i}");
        var crowded = _github.Seed("v2.0.0", assets: [.. Enumerable.Range(0, 150).Select(i => ($"file-{i:000}.rpm", $"bytes {i}"))]);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("Authorization", $"Bearer {FakeGitHub.Token}");

        // Act
        var releases = await OctokitFor().Repository.Release.GetAll("owner", "repo");
        var assets = await OctokitFor().Repository.Release.GetAllAssets("owner", "repo", crowded.Id);
        var releasePages = _github.Requests.Count(r => r == "GET /repos/owner/repo/releases");
        var firstPage = await http.GetAsync($"{_github.EnterpriseUrl}repos/owner/repo/releases?per_page=500");
        var lastPage = await http.GetAsync($"{_github.EnterpriseUrl}repositories/{FakeGitHub.RepositoryId}/releases?per_page=100&page=2");

        // Assert
        releases.Should().HaveCount(131).And.OnlyHaveUniqueItems(r => r.Id);
        releases[0].TagName.Should().Be("v2.0.0", "GitHub lists the newest release first");
        assets.Select(a => a.Name).Should().BeEquivalentTo(crowded.Assets.Select(a => a.Name));
        releasePages.Should().Be(5, "30 a page unless per_page says otherwise");
        firstPage.Headers.GetValues("Link").Single().Should().Be(
            $"<{_github.EnterpriseUrl}repositories/{FakeGitHub.RepositoryId}/releases?per_page=100&page=2>; rel=\"next\", " +
            $"<{_github.EnterpriseUrl}repositories/{FakeGitHub.RepositoryId}/releases?per_page=100&page=2>; rel=\"last\"");
        (await firstPage.Content.ReadAsStringAsync()).Split("\"tag_name\"").Should().HaveCount(101, "per_page stops at 100");
        lastPage.Headers.GetValues("Link").Single().Should().NotContain("rel=\"next\"").And.Contain("rel=\"prev\"").And.Contain("rel=\"first\"");
    }

    [Fact]
    public async Task BuildKits_client_reads_every_page_the_digests_and_the_bytes_behind_the_download_redirect()
    {
        // Arrange
        using var enterprise = new FakeGitHub(digests: false);
        var crowded = _github.Seed("v2.0.0", assets: [.. Enumerable.Range(0, 150).Select(i => ($"file-{i:000}.rpm", $"bytes {i}"))]);
        enterprise.Seed("v2.0.0", assets: ("file.rpm", "bytes"));
        using var client = BuildKitFor();

        // Act
        var assets = await client.ListAssetsAsync(crowded.Id, CancellationToken.None);
        var bytes = await client.DownloadAssetAsync(assets[^1].Id, CancellationToken.None);
        var withoutDigests = await BuildKitFor(enterprise).ListAssetsAsync(enterprise.Releases.Single().Id, CancellationToken.None);

        // Assert
        assets.Should().HaveCount(150);
        assets[^1].Digest.Should().Be("sha256:" + Hashing.Sha256("bytes 149"));
        Encoding.UTF8.GetString(bytes).Should().Be("bytes 149");
        _github.Requests.Should().Contain(r => r.StartsWith("GET /downloads/", StringComparison.Ordinal), "the bytes are a redirect away, fetched without the token");
        withoutDigests.Should().ContainSingle().Which.Digest.Should().BeNull();
    }

    [Fact]
    public async Task BuildKit_publishes_through_a_github_enterprise_server_base_url_and_its_upload_url()
    {
        // Arrange
        var file = _temp.File("hello-1.0-1.x86_64.rpm", "rpm bytes");
        using var client = BuildKitFor();

        // Act
        var draft = await client.CreateReleaseAsync(new GitHubReleaseRequest("v1.0.0", Name: "one", Draft: true), CancellationToken.None);
        var asset = await client.UploadAssetAsync(draft, "hello-1.0-1.x86_64.rpm", file, CancellationToken.None);
        var published = await client.UpdateReleaseAsync(draft.Id, new GitHubReleaseRequest(Draft: false), CancellationToken.None);
        var byTag = await client.GetReleaseByTagAsync("v1.0.0", CancellationToken.None);

        // Assert
        draft.UploadUrl.Should().StartWith($"{_github.BaseUrl}api/uploads/");
        asset.Digest.Should().Be("sha256:" + Hashing.Sha256("rpm bytes"));
        published.HtmlUrl.Should().Be($"{_github.BaseUrl}owner/repo/releases/tag/v1.0.0");
        byTag!.Id.Should().Be(draft.Id);
    }

    private static async Task<Exception?> ErrorOf(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
