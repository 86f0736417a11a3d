namespace BuildKit.IntegrationTests.Faults;

/// <summary>
/// Bad input: options, the products file and what they name on disk. Each is refused while planning, before anything
/// runs, with exit code 2 and a message naming the input and the fix; the first run a user makes answers in their words.
/// </summary>
public sealed class InputFaultSpecs : IDisposable
{
    private const string Nowhere = "file:///nowhere/hotspot.git";
    private readonly FaultWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private static Task<BuildShResult> Run(FaultWorkspace w, params string[] arguments)
    {
        if (!File.Exists(w.ProductsFile)) w.Product("hotspot", Nowhere);
        return w.RunAsync(w.Options(arguments));
    }

    private static Task<BuildShResult> WithProducts(FaultWorkspace w, string yaml, params string[] arguments)
    {
        w.Temp.File("products.yaml", yaml);
        return w.RunAsync(w.Options(arguments));
    }

    private static readonly Fault[] Faults =
    [
        new("01 an empty option value", w => Run(w, "--target=Plan", "--products="), Fault.BadInput, "--products needs a value, e.g. --products=VALUE."),
        new("02 a bare word where an option belongs", w => Run(w, "--target=Plan", "hotspot"), Fault.BadInput, "'hotspot' is not an option: did you mean `--products=hotspot`?"),
        new("03 a spec that does not exist", w => { w.Product("hotspot", Nowhere, spec: w.Temp.Combine("missing.spec")); return Run(w, "--target=Plan"); },
            Fault.BadInput, "products.yaml:2: the spec of hotspot", "missing.spec, does not exist"),
        new("07 an engine that is not a container engine", w => Run(w, "--target=Provision", "--engine=ls"), Fault.BadInput, "'ls' is not a container engine"),
        new("08 a CA file that does not exist", w => Run(w, "--target=Plan", "--ca-cert=nowhere.pem"), Fault.BadInput, "--ca-cert=nowhere.pem: the CA file", "does not exist"),
        new("09a a cache folder that is a file", w => { w.Temp.File("cache", "not a folder"); return Run(w, "--target=Plan"); },
            Fault.BadInput, "The cache folder", "is a file, not a folder", "--cache-dir=DIR"),
        new("09b an artifacts folder under a file", w => { w.Temp.File("file", "not a folder"); return Run(w, "--target=Plan", $"--artifacts={w.Temp.Combine("file", "out")}"); },
            Fault.BadInput, "The artifacts folder", "cannot be made", "is a file"),
        new("14 a signing key that does not exist", w => Run(w, "--target=Plan", "--sign", "--sign-key=missing.asc"), Fault.BadInput, "missing.asc: the signing key", "missing.asc does not exist"),
        new("16 --help, a new user's first command", w => w.RunAsync("--help"), 0, "--target=NAME", "--products=LIST", "BUILDKIT_CACHE_DIR", "Examples"),
        new("17 --version", w => w.RunAsync("--version"), 0, "BuildKit ", "Cake "),
        new("18 output into a pipe is plain text", async w =>
        {
            var result = await Run(w, "--target=Plan");
            result.Output.Should().NotContain("\u001b[", "colour codes are for terminals only");
            return result;
        }, 0, "hotspot"),
        new("19 an unknown option", w => Run(w, "--target=Plan", "--frobnicate"), Fault.BadInput, "Unknown option '--frobnicate'", "README.md"),
        new("20 an unknown target", w => Run(w, "--target=Deploy"), Fault.BadInput, "Unknown target 'Deploy'", "Plan"),
        new("21 an unknown product", w => Run(w, "--target=Plan", "--products=nginx"), Fault.BadInput, "Unknown product 'nginx' in --products", "hotspot"),
        new("22 a release that is not a number", w => Run(w, "--target=Plan", "--release=abc"), Fault.BadInput, "--release=abc is not a positive whole number"),
        new("23 a nightly count that is not positive", w => Run(w, "--target=Plan", "--keep-nightlies=0"), Fault.BadInput, "--keep-nightlies=0 is not a positive whole number"),
        new("24 a packager BuildKit does not have", w => Run(w, "--target=Plan", "--packager=dpkg"), Fault.BadInput, "--packager=dpkg is not a packager"),
        new("25 a packager the product does not support", w => Run(w, "--target=Plan", "--packager=fpm"), Fault.BadInput, "--packager=fpm is not how hotspot is packaged"),
        new("26 an unknown distribution", w => Run(w, "--target=Plan", "--distribution=ubuntu-22.04"), Fault.BadInput, "Unknown distribution 'ubuntu-22.04'", "debian-12"),
        new("27 a mirror without FROM=TO", w => Run(w, "--target=Plan", "--mirror=https://github.com/"), Fault.BadInput, "each entry must be FROM=TO"),
        new("28 a flag given a value that is not yes or no", w => Run(w, "--target=Plan", "--parallel=maybe"), Fault.BadInput, "--parallel=maybe is not a yes/no value"),
        new("29 a commit pin that is not a commit id", w => Run(w, "--target=Plan", "--hotspot-commit=xyz"), Fault.BadInput, "'xyz' is not a commit id"),
        new("30 a GitHub API address that is not a URL", w => Run(w, "--target=Publish", "--github-repo=me/rpms", "--github-api-url=not a url"),
            Fault.BadInput, "--github-api-url=not a url is not a URL"),
        new("31 publishing without a repository to publish to", w => { w.Environment["GITHUB_REPOSITORY"] = ""; return Run(w, "--target=Publish"); },
            Fault.BadInput, "Publishing needs the repository to publish to", "--github-repo=OWNER/NAME"),
        new("32 publishing without a token", w => { w.Environment["GITHUB_TOKEN"] = ""; w.Environment["GH_TOKEN"] = ""; return Run(w, "--target=Publish", "--github-repo=me/rpms"); },
            Fault.BadInput, "needs a GitHub token in GITHUB_TOKEN", "--dry-run"),
        new("33 signing without a key", w => { w.Environment["BUILDKIT_GPG_KEY"] = ""; return Run(w, "--target=Plan", "--sign"); },
            Fault.BadInput, "--sign needs a private key"),
        new("34 a products file that does not exist", w => w.RunAsync(w.Options("--target=Plan", $"--config={w.Temp.Combine("nope.yaml")}")),
            Fault.BadInput, "nope.yaml does not exist", "--config=FILE"),
        new("35 a products file that is not YAML", w => WithProducts(w, "products:\n  hotspot: [unclosed\n", "--target=Plan"), Fault.BadInput, "products.yaml", "not valid YAML"),
        new("36 an unknown key in a product's entry", w => WithProducts(w, $"products:\n  hotspot:\n    repo: {Nowhere}\n    ref: main\n    recipe: hotspot\n    spec: x.spec\n    brnach: main\n", "--target=Plan"),
            Fault.BadInput, "products.yaml:7: unknown key 'products.hotspot.brnach'"),
        new("37 a products file without products", w => WithProducts(w, "distribution: debian-12\n", "--target=Plan"), Fault.BadInput, "the key 'products' is missing"),
        new("38 a product without a repository", w => WithProducts(w, "products:\n  hotspot:\n    ref: main\n    recipe: hotspot\n    spec: x.spec\n", "--target=Plan"),
            Fault.BadInput, "has no 'repo'"),
        new("39 a product name that cannot be an option", w => WithProducts(w, $"products:\n  HotSpot: {{ repo: {Nowhere}, ref: main, recipe: hotspot, spec: x.spec }}\n", "--target=Plan"),
            Fault.BadInput, "product name 'HotSpot' must be lower-case"),
        new("40 a recipe BuildKit does not have", w => { w.Product("hotspot", Nowhere, recipe: "meson", spec: Path.Combine(Repository.Root, "specs", "hotspot.spec")); return Run(w, "--target=Plan"); },
            Fault.BadInput, "recipe is 'meson', which is not a recipe BuildKit has"),
    ];

    public static TheoryData<string> Classes => Fault.Classes(Faults);

    [Theory]
    [MemberData(nameof(Classes))]
    public async Task Each_class_of_bad_input_is_refused_with_its_exit_code_and_message_leaving_nothing_half_written_and_no_secret(string @class)
    {
        // Arrange
        var fault = Faults.Single(f => f.Class == @class);

        // Act
        var result = await fault.Cause(_workspace);

        // Assert
        fault.ShouldHaveEndedAsItMust(result, _workspace);
    }
}
