using System.Collections.Concurrent;
using System.Diagnostics;
using BuildKit.Configuration;
using BuildKit.Containers;
using BuildKit.Logging;
using BuildKit.Packaging;
using BuildKit.Planning;
using BuildKit.Processes;
using BuildKit.Publishing;
using BuildKit.Recipes;
using BuildKit.Sources;
using BuildKit.Verification;
using BuildKit.Versioning;

namespace BuildKit;

/// <summary>
/// The engine's entry points for one run: build/build.cake opens a session (which computes and prints the plan) and
/// each of its tasks calls one method here.
/// </summary>
public sealed class BuildSession
{
    private readonly IBuildLog _log;
    private readonly ConcurrentDictionary<string, FetchedSource> _sources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PackageVersion> _versions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ProvisionedBuilder> _builders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BuiltTree> _built = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PackagedProduct> _packages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ReproducibilityReport> _reproducibility = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _previousCommits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Product, Stage Stage), StageResult> _results = new();
    private readonly ConcurrentDictionary<(string Product, Stage Stage), bool> _cached = new();
    private readonly ConcurrentDictionary<string, string> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _unchanged = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _published = new(StringComparer.Ordinal);
    private ContainerEngine? _engine;

    private BuildSession(Paths paths, BuildPlan plan, EnvironmentSnapshot environment, IBuildLog log, IProcessRunner runner)
    {
        Paths = paths;
        Plan = plan;
        Environment = environment;
        _log = log;
        Runner = runner;
    }

    public Paths Paths { get; }
    public BuildPlan Plan { get; }
    public EnvironmentSnapshot Environment { get; }
    public IProcessRunner Runner { get; }

    /// <summary>The builder each product was provisioned with, once Provision has run.</summary>
    public IReadOnlyDictionary<string, ProvisionedBuilder> Builders => _builders;

    /// <summary>The packages each product produced, once Package has run.</summary>
    public IReadOnlyDictionary<string, PackagedProduct> Packages => _packages;

    /// <summary>How each product's second build compared, when --check-reproducible asked for one.</summary>
    public IReadOnlyDictionary<string, ReproducibilityReport> Reproducibility => _reproducibility;

    /// <summary>Reads the products file and the arguments and computes the plan. Bad input raises <see cref="ConfigurationException"/>.</summary>
    public static BuildSession Open(
        string root,
        IReadOnlyDictionary<string, IReadOnlyList<string>> arguments,
        EnvironmentSnapshot environment,
        DateTimeOffset now,
        IBuildLog log)
    {
        var paths = new Paths(Path.GetFullPath(root));
        var configPath = BuildArguments.ConfigPath(arguments) is { } given ? Path.GetFullPath(given) : paths.DefaultProductsFile;
        var products = ProductsFile.Load(configPath);
        var parsed = BuildArguments.Parse(arguments, products);
        if (parsed.Artifacts is { } artifacts) paths = paths with { Artifacts = artifacts };
        var plan = BuildPlanner.Create(products, parsed, environment, now, paths);
        return new BuildSession(paths, plan, environment, log, new ProcessRunner(log, paths.Logs));
    }

    public void PrintPlan() => _log.Information(PlanTable.Render(Plan, Paths));

    /// <summary>Fetch: each product's exact commit as a clean tree with submodules and patches.</summary>
    public async Task FetchAsync(CancellationToken cancellationToken)
    {
        var fetcher = Fetcher();
        await ForEachProductAsync(Stage.Fetch, async product =>
        {
            var source = _sources[product.Name] = await fetcher.FetchAsync(
                product.Name, product.Repo, product.RequestedRef, product.PinnedCommit, product.Recipe,
                PatchSet.From(product.Patches), Path.Combine(Paths.Worktrees, product.Name), cancellationToken);
            if (Plan.ReportUpstream)
            {
                if (product.Upstream is not { } upstream)
                    _log.Information($"[{product.Name}/fetch] upstream report skipped: the products file names no upstream for {product.Name} (upstream: {{ repo: URL, branch: NAME }})");
                else
                {
                    var (ahead, behind) = await fetcher.CompareWithUpstreamAsync(product.Repo, source.Ref.Commit, upstream.Repo, upstream.Branch, cancellationToken);
                    _log.Information($"[{product.Name}/fetch] {product.RequestedRef} is {ahead} commit(s) ahead of and {behind} behind {upstream.Branch} of {Sources.RemoteUrl.Display(upstream.Repo)}");
                }
            }
        }, cancellationToken);
    }

    /// <summary>Version: the RPM Version-Release of each fetched product, printed one product a line as PRODUCT VERSION-RELEASE COMMIT.</summary>
    public Task VersionAsync(CancellationToken cancellationToken) =>
        ForEachProductAsync(Stage.Version, product =>
        {
            var source = _sources[product.Name];
            var version = VersionPolicy.Compute(source.Facts, Plan.Release);
            _versions[product.Name] = version;
            _log.Verbose($"{product.Name}: {version.Reason}");
            _log.Information($"{product.Name} {version} {source.Ref.Commit}");
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Provision: each product's builder image, reused when its content hash is unchanged, built otherwise.</summary>
    public async Task ProvisionAsync(CancellationToken cancellationToken)
    {
        var engine = _engine = ContainerEngine.Select(Plan.Builder.Engine, Environment);
        await engine.CheckAsync(Runner, new LogStep("builder", "engine"), cancellationToken);
        var provisioner = new BuilderProvisioner(engine, Runner);
        await ForEachProductAsync(Stage.Provision, async product =>
        {
            var family = Plan.Distribution.Family;
            var image = new BuilderImage(
                Plan.Distribution,
                RecipeCatalog.Toolset(product.Recipe, family, _sources[product.Name].Worktree, Plan.Packager),
                Plan.Builder.BaseImage,
                Paths.Containerfile(family),
                Plan.Builder.CaFile,
                Plan.Builder.DistroMirror);
            var step = new LogStep(product.Name, "provision");
            _log.Information($"[{step}] builder {image.Tag} ({image.Toolset.Name}, {image.Packages.Length} packages, FROM {image.BaseImage})");
            var builder = await provisioner.EnsureAsync(image, Plan.Builder.Rebuild, Paths.Builders, step, cancellationToken);
            _builders[product.Name] = builder;
            if (builder.Reused) _cached[(product.Name, Stage.Provision)] = true;
            _log.Information($"[{step}] {(builder.Reused ? "reused" : "built")} {builder.Tag} in {builder.Duration.TotalSeconds:0.0} s ({builder.ImageId[..19]})");
        }, cancellationToken);
    }

    /// <summary>Build: each product's recipe in fresh builder containers, installed into its staging tree.</summary>
    public async Task BuildAsync(CancellationToken cancellationToken)
    {
        await ForEachProductAsync(Stage.Build, async product =>
        {
            var key = _keys[product.Name] = KeyOf(product);
            if (await AlreadyPublishedAsync(product, key, cancellationToken) || Reuse(product, key)) return;
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            _built[product.Name] = await BuildOneAsync(product, _sources[product.Name], Paths.BuildTree(product.Name), Paths.Stage(product.Name), cancellationToken);
            _log.Information($"[{product.Name}/build] staged in {Paths.Display(Paths.Stage(product.Name))} in {stopwatch.Elapsed.TotalSeconds:0.0} s");
        }, cancellationToken);
    }

    /// <summary>Package: Source0, BUILDINFO and rpmbuild -ba with the product's spec; RPMs and the SRPM land in artifacts/.</summary>
    public async Task PackageAsync(CancellationToken cancellationToken)
    {
        await ForEachProductAsync(Stage.Package, async product =>
        {
            if (_unchanged.ContainsKey(product.Name))
            {
                _cached[(product.Name, Stage.Package)] = true;
                return;
            }
            var built = _built[product.Name];
            if (Plan.Packager == Packager.Fpm)
            {
                _packages[product.Name] = RpmPackager.CollectFpm(built, Paths.Rpms(Plan.Distribution.Name));
                _log.Warning($"{product.Name}: packaged by upstream's fpm (build.go pkg-rpm): its version is upstream's, and fpm makes no SRPM.");
                foreach (var file in _packages[product.Name].Rpms) _log.Information($"[{product.Name}/package] {Paths.Display(file)}");
                return;
            }
            var (packaged, record) = await PackageOneAsync(product, _sources[product.Name], built, Paths.RpmTop(product.Name), Paths.Rpms(Plan.Distribution.Name), Paths.Srpms(Plan.Distribution.Name), cancellationToken);
            if (Plan.Signing.Enabled)
            {
                await WithSignerAsync(_builders[product.Name].Tag, async signer =>
                {
                    await signer.SignPackagesAsync(product.Name, packaged.Rpms, cancellationToken);
                    await signer.SignPackagesAsync(product.Name, packaged.Srpms, cancellationToken);
                });
                _log.Information($"[{product.Name}/package] signed {packaged.Rpms.Length + packaged.Srpms.Length} package(s)");
            }
            _packages[product.Name] = packaged;
            foreach (var file in packaged.Rpms.Concat(packaged.Srpms)) _log.Information($"[{product.Name}/package] {Paths.Display(file)}");
            if (File.Exists(Paths.BuildInfoFile(product.Name)) && BuildInfoDocument.Read(Paths.BuildInfoFile(product.Name)) is var previous
                && previous.Repository == Sources.RemoteUrl.Display(product.Repo))
                _previousCommits[product.Name] = previous.Commit;
            await BuildInfoDocument.From(record, Plan.Distribution.Name, [.. packaged.Rpms, .. packaged.Srpms, packaged.Source0], _keys[product.Name])
                .WriteAsync(Paths.BuildInfoFile(product.Name), cancellationToken);
            _log.Information($"[{product.Name}/package] {Paths.Display(Paths.BuildInfoFile(product.Name))}");
        }, cancellationToken);
    }

    /// <summary>The build key of a product: everything that decides its packages (see <see cref="BuildKey"/>).</summary>
    private string KeyOf(ProductPlan product)
    {
        var source = _sources[product.Name];
        var recipe = RecipeCatalog.Get(product.Recipe);
        var context = RecipeContextOf(product, source);
        return BuildKey.Compute(
        [
            ("repository", Sources.RemoteUrl.Display(product.Repo)), ("commit", source.Ref.Commit), ("patches", source.Patches.Hash),
            ("submodules", string.Join(",", source.Submodules.Select(s => $"{s.Path}@{s.Commit}"))),
            ("spec", BuildKey.FileHash(product.Spec)),
            ("spec-sources", string.Join(",", RpmPackager.CompanionSources(product.Spec).Select(BuildKey.FileHash))),
            ("macros", BuildKey.FileHash(Path.Combine(Paths.Specs, RpmPackager.MacrosFile))),
            ("recipe", product.Recipe), ("recipe-commands", string.Join("\n", recipe.Steps(context).Select(s => s.Script)) + recipe.ToolchainQuery),
            ("builder", _builders[product.Name].ImageId), ("distribution", Plan.Distribution.Name), ("version", _versions[product.Name].ToString()),
            ("packager", Plan.Packager.ToString()), ("signed", Plan.Signing.Enabled.ToString()),
        ]);
    }

    /// <summary>An unchanged key and the last build's packages still in place: Build and Package are skipped, and Verify too if it passed.</summary>
    private bool Reuse(ProductPlan product, string key)
    {
        var recordFile = Paths.BuildInfoFile(product.Name);
        if (!File.Exists(recordFile)) return false;
        var record = BuildInfoDocument.Read(recordFile);
        if (record.BuildKey != key) return false;
        string? Located(BuildArtifact artifact) => new[] { Paths.Rpms(Plan.Distribution.Name), Paths.Srpms(Plan.Distribution.Name), Path.Combine(Paths.RpmTop(product.Name), "SOURCES") }
            .Select(folder => Path.Combine(folder, artifact.Name))
            .FirstOrDefault(path => File.Exists(path) && BuildArtifact.Of(path).Sha256 == artifact.Sha256);
        var files = record.Artifacts.Select(a => (Artifact: a, Path: Located(a))).ToList();
        if (files.Any(f => f.Path is null)) return false;
        var paths = files.Select(f => f.Path!).ToList();
        _packages[product.Name] = new PackagedProduct(
            [.. paths.Where(p => p.EndsWith(".rpm", StringComparison.Ordinal) && !p.EndsWith(".src.rpm", StringComparison.Ordinal))],
            [.. paths.Where(p => p.EndsWith(".src.rpm", StringComparison.Ordinal))],
            paths.FirstOrDefault(p => p.EndsWith(".tar.gz", StringComparison.Ordinal)) ?? "");
        _unchanged[product.Name] = record.Verified;
        _cached[(product.Name, Stage.Build)] = true;
        _log.Information($"[{product.Name}] build key {key[..12]} is unchanged since the last build ({Paths.Display(recordFile)}): its packages are reused, not rebuilt" +
            (record.Verified ? ", and they passed Verify" : ""));
        return true;
    }

    /// <summary>For a nightly: a build whose key the product's rolling release already holds is neither rebuilt nor uploaded.</summary>
    private async Task<bool> AlreadyPublishedAsync(ProductPlan product, string key, CancellationToken cancellationToken)
    {
        if (Plan.Target != Targets.Nightly || Plan.GitHub.Token is null) return false;
        using var client = new GitHubClient(Plan.GitHub, PublishPacing.Default, _log);
        var tag = AssetNames.Map($"{product.Name}-nightly{Plan.Distribution.DistTag}");
        var release = (await client.ListReleasesAsync(cancellationToken)).FirstOrDefault(r => r.TagName == tag);
        if (release?.Body?.Contains($"build key: `{key}`", StringComparison.Ordinal) != true) return false;
        foreach (var stage in new[] { Stage.Build, Stage.Package, Stage.Verify }) _cached[(product.Name, stage)] = true;
        _published[product.Name] = true;
        _unchanged[product.Name] = true;
        _log.Information($"[{product.Name}] build key {key[..12]} is already published in {tag}: nothing is rebuilt or uploaded");
        return true;
    }

    /// <summary>One product's recipe; <paramref name="reuseOutputs"/> is false for the reproducibility rebuild, which must run every step.</summary>
    private Task<BuiltTree> BuildOneAsync(
        ProductPlan product, FetchedSource source, string buildDirectory, string stageDirectory, CancellationToken cancellationToken, bool reuseOutputs = true) =>
        new RecipeRunner(Containers(), _log, reuseOutputs && Plan.Builder.UseCaches ? new StepOutputCache(Plan.CacheDirectory) : null,
            Plan.Builder.UseCaches ? new ToolchainReports(Plan.CacheDirectory) : null).BuildAsync(
            RecipeCatalog.Get(product.Recipe), RecipeContextOf(product, source), _builders[product.Name], product.Name, buildDirectory, stageDirectory, cancellationToken);

    private RecipeContext RecipeContextOf(ProductPlan product, FetchedSource source) =>
        new(source.Worktree, Plan.Distribution.Family, _versions[product.Name], source.Ref.Commit,
            product.RequestedRef, source.Facts.CommitTime, System.Environment.ProcessorCount,
            GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024), Plan.Packager);

    private async Task<(PackagedProduct Packaged, BuildRecord Record)> PackageOneAsync(
        ProductPlan product, FetchedSource source, BuiltTree built, string topDirectory, string rpmsDirectory, string srpmsDirectory, CancellationToken cancellationToken)
    {
        var version = _versions[product.Name];
        var builder = _builders[product.Name];
        var record = new BuildRecord(product.Name, product.Repo, product.RequestedRef, source.Ref.Commit, source.Patches.Hash,
            source.Submodules, product.Recipe, RpmPackager.SpecSha256(product.Spec), version.Version, version.Release,
            builder.Tag, builder.ImageId, BuildRecord.ParseToolchains(built.ToolchainReport), source.Facts.CommitTime.ToUnixTimeSeconds());
        var packaged = await new RpmPackager(Containers(), Runner).PackageAsync(
            product.Name, product.Spec, Paths.Specs, source, built, record, builder,
            RecipeCatalog.Get(product.Recipe).RpmbuildOptions(Plan.Distribution.Family, source.Worktree),
            topDirectory, rpmsDirectory, srpmsDirectory, cancellationToken);
        return (packaged, record);
    }

    /// <summary>
    /// --check-reproducible: builds and packages the same inputs a second time, apart, in a second tree of the same commit,
    /// submodules and patches (so the rebuild sees none of the first build's outputs), and compares the packages.
    /// </summary>
    private async Task<ReproducibilityReport> CheckReproducibleAsync(ProductPlan product, CancellationToken cancellationToken)
    {
        var again = Path.Combine(Paths.Reproducibility, product.Name);
        var source = await Fetcher().ExportAgainAsync(_sources[product.Name], Path.Combine(again, "tree"), cancellationToken);
        var built = await BuildOneAsync(product, source, Path.Combine(again, "build"), Path.Combine(again, "stage"), cancellationToken, reuseOutputs: false);
        var (second, _) = await PackageOneAsync(product, source, built, Path.Combine(again, "rpmbuild"), Path.Combine(again, "rpms"), Path.Combine(again, "srpms"), cancellationToken);
        var first = _packages[product.Name];
        return await new ReproducibilityCheck(Containers()).CompareAsync(
            product.Name, [.. first.Rpms, .. first.Srpms], [.. second.Rpms, .. second.Srpms], _builders[product.Name], cancellationToken);
    }

    private SourceFetcher Fetcher() =>
        new(Plan.CacheDirectory, new GitSettings(Plan.Mirrors, Environment[EnvVars.GitToken], GitSettings.DefaultRemoteTimeout), Runner, _log);

    private ContainerRunner Containers() => new(
        _engine ?? throw new InvalidOperationException("Provision runs before Build and Package."),
        Runner, HostUser.Current(), Plan.Builder.CaFile, Plan.Builder.UseCaches, Plan.Builder.PassThrough);

    /// <summary>
    /// Verify: rpmlint on every package, then install into a fresh container, and upgrade from the previous build of the
    /// product when there is one (an explicit skip with its reason when there is none).
    /// </summary>
    public async Task VerifyAsync(CancellationToken cancellationToken)
    {
        await ForEachProductAsync(Stage.Verify, async product =>
        {
            if (_unchanged.TryGetValue(product.Name, out var verified) && verified)
            {
                _cached[(product.Name, Stage.Verify)] = true;
                return;
            }
            var packaged = _packages[product.Name];
            var builder = _builders[product.Name];
            var step = $"{product.Name}/verify";
            var findings = await new RpmLint(Containers()).CheckAsync(product.Name, [.. packaged.Rpms, .. packaged.Srpms], builder, Paths.Specs, cancellationToken);
            _log.Information($"[{step}] rpmlint: no errors, {findings.Count(f => f.Level == 'W')} warning(s)");

            var rpm = packaged.Rpms.Single(r => PackageFiles.NameOf(r) == product.Name);
            var previous = PackageFiles.PreviousBuild(product.Name, rpm);
            if (previous is null)
                _log.Information($"[{step}] upgrade test skipped: no earlier {product.Name} build in {Paths.Display(Path.GetDirectoryName(rpm)!)} (build an older ref first to test the upgrade path)");
            var family = Plan.Distribution.Family;
            var report = await new InstallTester(Containers()).RunAsync(product.Name, product.Name, rpm, previous, RecipeCatalog.Get(product.Recipe).Checks,
                family, family == PackageFamily.Dnf ? Plan.Builder.BaseImage : builder.Tag, cancellationToken);
            _log.Information($"[{step}] {(report.UpgradedFrom is { } from ? $"upgraded from {from}" : "installed")}: {report.SmokeOutput}");
            foreach (var note in report.Notes) _log.Information($"[{step}] {note}");
            if (!report.UncheckedDependencies.IsEmpty)
                _log.Information($"[{step}] not checked on the {Plan.Distribution.FamilyName} family (rpm cannot resolve distribution packages there): {string.Join(", ", report.UncheckedDependencies)}");
            if (Plan.CheckReproducible)
            {
                var reproducibility = await CheckReproducibleAsync(product, cancellationToken);
                _reproducibility[product.Name] = reproducibility;
                _log.Information($"[{step}] reproducibility: {reproducibility.Summary}");
            }
            var record = BuildInfoDocument.Read(Paths.BuildInfoFile(product.Name));
            await (record with { Verified = true }).WriteAsync(Paths.BuildInfoFile(product.Name), cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// Publish: each product's RPMs, SRPM, buildinfo.json and SHA256SUMS to its GitHub release, behind the ordering gate,
    /// draft first and published only once every asset matches SHA256SUMS.
    /// </summary>
    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        using var client = new GitHubClient(Plan.GitHub, PublishPacing.Default, _log);
        var publisher = new ReleasePublisher(client, _log, Plan.DryRun, Plan.AllowDowngrade);
        var nightly = Plan.Target == Targets.Nightly;
        await ForEachProductAsync(Stage.Publish, async product =>
        {
            if (_published.ContainsKey(product.Name))
            {
                _cached[(product.Name, Stage.Publish)] = true;
                return;
            }
            var packaged = _packages[product.Name];
            var version = _versions[product.Name];
            var dist = Plan.Distribution.DistTag;
            var build = $"{product.Name}-{version}{dist}";
            var folder = Paths.PublishFolder(product.Name);
            Directory.CreateDirectory(folder);
            // A rolling release holds several builds: their record and checksums are named after the build.
            var recordFile = Path.Combine(folder, nightly ? $"{build}.buildinfo.json" : $"{product.Name}.buildinfo.json");
            File.Copy(Paths.BuildInfoFile(product.Name), recordFile, overwrite: true);
            List<string> files = [.. packaged.Rpms, .. packaged.Srpms, recordFile];
            var checksums = AssetNames.Checksums(files);
            var sums = Path.Combine(folder, nightly ? $"{build}.{ReleasePublisher.ChecksumsFile}" : ReleasePublisher.ChecksumsFile);
            await File.WriteAllTextAsync(sums, checksums, cancellationToken);
            files.Add(sums);
            if (Plan.Signing.Enabled)
            {
                await WithSignerAsync(_builders[product.Name].Tag, signer => signer.DetachSignAsync(product.Name, sums, cancellationToken));
                files.AddRange([sums + ".asc", Path.Combine(folder, Signer.PublicKeyFile)]);
            }
            var record = BuildInfoDocument.Read(Paths.BuildInfoFile(product.Name));
            var previousCommit = _previousCommits.GetValueOrDefault(product.Name);
            var changes = previousCommit is null ? [] : await Fetcher().ChangesAsync(product.Repo, previousCommit, record.Commit, 50, cancellationToken);
            var notes = ReleaseNames.Notes(record, checksums, previousCommit, changes);
            await publisher.PublishAsync(nightly
                ? new PublishRequest(product.Name, AssetNames.Map($"{product.Name}-nightly{dist}"), $"{product.Name} nightly{dist}", notes, true, files,
                    version.Evr(dist), Plan.KeepNightlies)
                : new PublishRequest(product.Name, ReleaseNames.Tag(product.Name, version, dist), ReleaseNames.Title(product.Name, version, dist),
                    notes, version.Kind != VersionKind.Release, files, version.Evr(dist)), cancellationToken);
        }, cancellationToken);
        await RepositoryAsync(cancellationToken);
    }

    /// <summary>The dnf repository of every package built for the distribution, for users who install with dnf.</summary>
    private async Task RepositoryAsync(CancellationToken cancellationToken)
    {
        var published = Plan.Products.Where(p => p[Stage.Publish].Runs && _builders.ContainsKey(p.Name)).ToList();
        if (published.Count == 0) return;
        var image = _builders[published[0].Name].Tag;
        var rpms = Directory.GetFiles(Paths.Rpms(Plan.Distribution.Name), "*.rpm");
        IReadOnlyList<string> repoFiles = [];
        if (Plan.Signing.Enabled)
            await WithSignerAsync(image, async signer => repoFiles = await new DnfRepository(Containers(), image)
                .CreateAsync(Plan.Distribution.Name, rpms, Paths.Repository(Plan.Distribution.Name), Plan.RepoUrl, signer, cancellationToken));
        else
            repoFiles = await new DnfRepository(Containers(), image)
                .CreateAsync(Plan.Distribution.Name, rpms, Paths.Repository(Plan.Distribution.Name), Plan.RepoUrl, null, cancellationToken);
        foreach (var repoFile in repoFiles) _log.Information($"[repository] {Paths.Display(Path.GetDirectoryName(repoFile)!)} with {Path.GetFileName(repoFile)}");
    }

    /// <summary>Runs signing with the plan's key; a key taken from the environment lives in a private temp file only meanwhile.</summary>
    private async Task WithSignerAsync(string builderImage, Func<Signer, Task> sign)
    {
        var (keyFile, temporary) = Signer.KeyFrom(Plan.Signing.KeyFile, Environment[EnvVars.GpgKey]);
        try
        {
            await sign(new Signer(Containers(), builderImage, keyFile));
        }
        finally
        {
            if (temporary) File.Delete(keyFile);
        }
    }

    /// <summary>
    /// Runs one stage for every product whose plan says it runs: one after another, or all at once with --parallel
    /// (each product's log stays its own). Every run is timed and recorded for the summary, failures included.
    /// </summary>
    private async Task ForEachProductAsync(Stage stage, Func<ProductPlan, Task> run, CancellationToken cancellationToken)
    {
        async Task One(ProductPlan product)
        {
            var stopwatch = Stopwatch.StartNew();
            try
            {
                await run(product);
                _results[(product.Name, stage)] = new StageResult(product.Name, stage, "ok", stopwatch.Elapsed, _cached.ContainsKey((product.Name, stage)));
            }
            catch (Exception e)
            {
                _results[(product.Name, stage)] = new StageResult(product.Name, stage, e is OperationCanceledException ? "cancelled" : "FAILED", stopwatch.Elapsed, false);
                throw;
            }
        }
        var products = Plan.Products.Where(p => p[stage].Runs).ToList();
        if (Plan.Parallel) await Task.WhenAll(products.Select(One));
        else foreach (var product in products) await One(product);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The end-of-run table: every product and stage, what happened, how long it took, whether a cache made it quick, what it produced.</summary>
    public void PrintSummary()
    {
        var rows = Plan.Products.SelectMany(product => product.Stages.Select(planned =>
        {
            var result = _results.GetValueOrDefault((product.Name, planned.Stage));
            return (IReadOnlyList<string>)
            [
                product.Name, planned.Stage.ToString(),
                result?.Result ?? (planned.Runs ? "not reached" : "skipped: " + planned.SkipReason),
                result is null ? "" : ProcessRunner.Elapsed(result.Duration),
                result?.Cached == true ? "yes" : "",
                planned.Stage == Stage.Package && _packages.TryGetValue(product.Name, out var packaged)
                    ? string.Join(" ", packaged.Rpms.Concat(packaged.Srpms).Select(Paths.Display)) : "",
            ];
        }));
        _log.Information("BuildKit summary\n" + PlanTable.Table(["PRODUCT", "STAGE", "RESULT", "TIME", "CACHED", "ARTIFACTS"], rows));
    }
}

/// <summary>How one stage went for one product.</summary>
public sealed record StageResult(string Product, Stage Stage, string Result, TimeSpan Duration, bool Cached);
