using BuildKit.Processes;

namespace BuildKit.Tests.Processes;

public sealed class ToolCommandSpecs
{
    [Fact]
    public void A_with_method_returns_a_new_command_and_changes_only_its_own_field()
    {
        // Arrange
        var original = new ToolCommand("git", "fetch", "origin");

        // Act
        var modified = original.InDirectory("/src");

        // Assert
        original.WorkingDirectory.Should().BeNull();
        modified.WorkingDirectory.Should().Be("/src");
        modified.Should().BeEquivalentTo(original, o => o.Excluding(c => c.WorkingDirectory));
    }

    [Fact]
    public void Arguments_are_appended_without_changing_the_original()
    {
        // Arrange
        var original = new ToolCommand("git", "log");

        // Act
        var modified = original.WithArguments("-1", "--format=%ct");

        // Assert
        original.Arguments.Should().Equal("log");
        modified.Arguments.Should().Equal("log", "-1", "--format=%ct");
    }

    [Fact]
    public void The_rendered_command_line_quotes_what_a_shell_would_split()
    {
        // Act
        var rendered = new ToolCommand("bash", "-c", "echo 'hi there'", "plain-arg", "").Render();

        // Assert
        rendered.Should().Be("bash -c 'echo '\\''hi there'\\''' plain-arg ''");
    }

    [Fact]
    public void The_rendered_command_line_redacts_every_secret()
    {
        // Act
        var rendered = new ToolCommand("git", "clone", "https://x-access-token:tok123@example.com/r.git")
            .WithSecret("tok123")
            .Render();

        // Assert
        rendered.Should().Be("git clone https://x-access-token:***@example.com/r.git");
    }
}
