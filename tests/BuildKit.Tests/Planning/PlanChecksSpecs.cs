using BuildKit.Configuration;
using BuildKit.Pipeline;
using BuildKit.Planning;

namespace BuildKit.Tests.Planning;

public sealed class PlanChecksSpecs : IDisposable
{
    private const string ProductsYaml = """
        products:
          hello:
            repo: https://example.org/hello.git
            ref: v1.2.0
            recipe: cmake
            spec: hello.spec
        """;

    private readonly TempDir _temp = TempDir.Create();

    public PlanChecksSpecs()
    {
        _temp.File("specs/products.yaml", ProductsYaml);
        _temp.File("specs/hello.spec", "Name: hello\n");
    }

    public void Dispose() => _temp.Dispose();

    private string ProductsFilePath => _temp.Combine("specs", "products.yaml");

    /// <summary>Plans as StageRunner.Open does, in a checkout made in the temp folder; HOME is there too, so that no check touches the real one.</summary>
    private (BuildPlan Plan, Paths Paths) PlanFor(EnvironmentSnapshot? environment, params string[] options)
    {
        var products = ProductsFile.Load(ProductsFilePath);
        var arguments = BuildArguments.Parse(PlanFixture.Args(options), products);
        var paths = new Paths(_temp.Path);
        if (arguments.Artifacts is { } artifacts) paths = paths with { Artifacts = artifacts };
        var plan = StageRunner.Plan(products, arguments, environment ?? EnvironmentSnapshot.Of(("HOME", _temp.Combine("home"))), PlanFixture.Now, paths);
        return (plan, paths);
    }

    private Action Checking(EnvironmentSnapshot? environment, params string[] options)
    {
        var (plan, paths) = PlanFor(environment, options);
        return () => PlanChecks.Check(plan, paths);
    }

    [Fact]
    public void A_plan_whose_files_and_folders_are_all_usable_passes()
    {
        // Arrange
        var ca = _temp.File("trust/ca.pem", "-----BEGIN CERTIFICATE-----\n");
        var key = _temp.File("keys/signing.asc", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n");

        // Act
        var act = Checking(null, $"--ca-cert={ca}", "--sign", $"--sign-key={key}", $"--cache-dir={_temp.Combine("cache")}");

        // Assert
        act.Should().NotThrow();
    }

    [Fact]
    public void A_spec_that_does_not_exist_is_refused_with_the_products_files_line_of_its_entry()
    {
        // Arrange
        File.Delete(_temp.Combine("specs", "hello.spec"));

        // Act
        var act = Checking(null);

        // Assert
        act.Should().Throw<ConfigurationException>()
            .Where(e => e.ExitCode == BuildKitException.BadInput)
            .WithMessage($"{ProductsFilePath}:2: the spec of hello, {_temp.Combine("specs", "hello.spec")}, does not exist. " +
                $"Write the spec there, or correct the entry's spec: (a path relative to {_temp.Combine("specs")}).");
    }

    [Fact]
    public void A_ca_file_that_does_not_exist_is_refused_naming_the_option_and_the_file()
    {
        // Arrange
        var ca = _temp.Combine("trust", "missing.pem");

        // Act
        var act = Checking(null, $"--ca-cert={ca}");

        // Assert
        act.Should().Throw<ConfigurationException>()
            .Where(e => e.ExitCode == BuildKitException.BadInput)
            .WithMessage($"--ca-cert={ca}: the CA file {ca} does not exist. Pass the PEM file holding the extra CA certificates*or leave out --ca-cert, $SSL_CERT_FILE and $NODE_EXTRA_CA_CERTS*");
    }

    [Fact]
    public void A_signing_key_that_is_not_there_is_refused_before_anything_runs()
    {
        // Arrange
        var key = _temp.Combine("keys", "missing.asc");

        // Act
        var act = Checking(null, "--sign", $"--sign-key={key}");

        // Assert
        act.Should().Throw<ConfigurationException>()
            .Where(e => e.ExitCode == BuildKitException.BadInput)
            .WithMessage($"--sign-key={key}: the signing key {key} does not exist. Pass an armoured OpenPGP private key with --sign-key=FILE, or put the key in $BUILDKIT_GPG_KEY*");
    }

    [Fact]
    public void A_signing_key_that_is_a_folder_cannot_be_read_and_is_refused()
    {
        // Arrange
        var key = _temp.Combine("keys");
        Directory.CreateDirectory(key);

        // Act
        var act = Checking(null, "--sign", $"--sign-key={key}");

        // Assert
        act.Should().Throw<ConfigurationException>().WithMessage($"--sign-key={key}: the signing key {key} is a folder, not a file.*");
    }

    [Fact]
    public void A_cache_folder_that_is_a_file_is_refused_naming_the_variable_that_chose_it()
    {
        // Arrange
        var cache = _temp.File("cache-file", "");

        // Act
        var act = Checking(EnvironmentSnapshot.Of(("BUILDKIT_CACHE_DIR", cache)));

        // Assert
        act.Should().Throw<ConfigurationException>()
            .Where(e => e.ExitCode == BuildKitException.BadInput)
            .WithMessage($"The cache folder {cache} (from $BUILDKIT_CACHE_DIR) is a file, not a folder. Choose another with --cache-dir=DIR or $BUILDKIT_CACHE_DIR.");
    }

    [Fact]
    public void An_artifacts_folder_that_cannot_be_made_under_a_file_is_refused_naming_the_option()
    {
        // Arrange
        var file = _temp.File("not-a-folder", "");
        var artifacts = Path.Combine(file, "artifacts");

        // Act
        var act = Checking(null, $"--artifacts={artifacts}");

        // Assert
        act.Should().Throw<ConfigurationException>()
            .Where(e => e.ExitCode == BuildKitException.BadInput)
            .WithMessage($"The artifacts folder {artifacts} (from --artifacts) cannot be made: {file} is a file. Choose another with --artifacts=DIR.");
    }
}
