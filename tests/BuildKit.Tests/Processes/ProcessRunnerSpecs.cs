using System.Diagnostics;
using BuildKit.Processes;

namespace BuildKit.Tests.Processes;

public sealed class ProcessRunnerSpecs
{
    private readonly RecordingLog _log = new();

    private static ToolCommand Bash(string script) => new("bash", "-c", script);

    [Fact(Timeout = 15000)]
    public async Task A_successful_command_returns_its_output_and_exit_code()
    {
        // Arrange
        var runner = new ProcessRunner(_log);

        // Act
        var result = await runner.RunAsync(Bash("echo out; echo err >&2"));

        // Assert
        result.ExitCode.Should().Be(0);
        result.StandardOutput.Should().Be("out\n");
        result.StandardError.Should().Be("err\n");
    }

    [Fact(Timeout = 15000)]
    public async Task A_failing_command_raises_one_error_with_the_command_exit_code_directory_stderr_tail_and_hint()
    {
        // Arrange
        using var temp = TempDir.Create();
        var runner = new ProcessRunner(_log);
        var command = Bash("for i in $(seq 1 100); do echo \"line $i\" >&2; done; exit 3")
            .InDirectory(temp.Path)
            .WithHint("Check the spec file.");

        // Act
        var act = () => runner.RunAsync(command);

        // Assert
        var error = (await act.Should().ThrowAsync<ToolFailedException>()).Which;
        error.ProcessExitCode.Should().Be(3);
        error.Message.Should().StartWith("'bash' failed with exit code 3.")
            .And.Contain("command: bash -c")
            .And.Contain("in:      " + temp.Path)
            .And.Contain("line 61").And.Contain("line 100").And.NotContain("line 60\n")
            .And.EndWith("next:    Check the spec file.");
        error.StderrTail.Split('\n').Should().HaveCount(ToolFailedException.StderrTailLines);
    }

    [Fact(Timeout = 15000)]
    public async Task A_command_that_accepts_failure_returns_the_exit_code_instead_of_throwing()
    {
        // Arrange
        var runner = new ProcessRunner(_log);

        // Act
        var result = await runner.RunAsync(Bash("exit 7") with { AcceptsFailure = true });

        // Assert
        result.ExitCode.Should().Be(7);
        result.Succeeded.Should().BeFalse();
    }

    [Fact(Timeout = 15000)]
    public async Task Secrets_are_redacted_from_the_echoed_output_the_log_file_and_the_error()
    {
        // Arrange
        using var temp = TempDir.Create();
        var runner = new ProcessRunner(_log, temp.Path);
        var command = new ToolCommand("bash", "-c", "echo \"token is $TOKEN\"; echo \"again $TOKEN\" >&2; exit 1")
            .WithEnvironment("TOKEN", "hunter2-secret")
            .WithSecret("hunter2-secret")
            .InStep(new LogStep("grafana", "fetch"));

        // Act
        var act = () => runner.RunAsync(command);

        // Assert
        var error = (await act.Should().ThrowAsync<ToolFailedException>()).Which;
        error.Message.Should().Contain("again ***").And.NotContain("hunter2");
        _log.Text.Should().Contain("token is ***").And.NotContain("hunter2");
        var logFile = File.ReadAllText(temp.Combine("grafana", "fetch.log"));
        logFile.Should().Contain("token is ***").And.NotContain("hunter2");
    }

    [Fact(Timeout = 15000)]
    public async Task Each_output_line_is_shown_with_the_step_and_elapsed_time_and_written_to_the_steps_log()
    {
        // Arrange
        using var temp = TempDir.Create();
        var runner = new ProcessRunner(_log, temp.Path);

        // Act
        await runner.RunAsync(Bash("echo first; echo second").InStep(new LogStep("hotspot", "build")));

        // Assert
        _log.Lines.Should().ContainInOrder("[hotspot/build] start: bash -c 'echo first; echo second'", "[hotspot/build 00:00] first", "[hotspot/build 00:00] second")
            .And.Contain(l => l.StartsWith("[hotspot/build] done in 00:0", StringComparison.Ordinal));
        File.ReadAllLines(temp.Combine("hotspot", "build.log")).Should()
            .ContainInOrder("$ bash -c 'echo first; echo second'", "first", "second");
    }

    [Fact(Timeout = 15000)]
    public async Task A_step_that_stays_quiet_is_said_to_be_still_running()
    {
        // Arrange
        var runner = new ProcessRunner(_log, heartbeat: TimeSpan.FromMilliseconds(400));

        // Act
        await runner.RunAsync(Bash("echo begin; sleep 1.5; echo end").InStep(new LogStep("grafana", "frontend")));

        // Assert
        _log.Lines.Should().Contain(l => l.StartsWith("[grafana/frontend 00:0", StringComparison.Ordinal) && l.Contains("] still running, no output for "));
        _log.Lines.Count(l => l.Contains("still running")).Should().BeInRange(2, 4, "one notice per quiet interval, not one per check");
    }

    [Fact(Timeout = 15000)]
    public async Task A_quiet_query_gets_no_start_end_or_heartbeat_lines()
    {
        // Arrange
        var runner = new ProcessRunner(_log, heartbeat: TimeSpan.FromMilliseconds(200));

        // Act
        await runner.RunAsync(Bash("sleep 0.6; echo answer") with { Quiet = true });

        // Assert
        _log.Lines.Should().NotContain(l => l.Contains("start:") || l.Contains("still running") || l.Contains("done in"));
    }

    [Fact(Timeout = 15000)]
    public async Task Environment_variables_are_set_and_removed_for_the_process_only()
    {
        // Arrange
        var runner = new ProcessRunner(_log);
        var command = Bash("echo \"${SET_ME:-unset} ${HOME:-unset}\"")
            .WithEnvironment("SET_ME", "yes")
            .WithEnvironment("HOME", null);

        // Act
        var result = await runner.RunAsync(command);

        // Assert
        result.StandardOutput.Should().Be("yes unset\n");
    }

    [Fact(Timeout = 15000)]
    public async Task Standard_input_is_handed_to_the_process()
    {
        // Arrange
        var runner = new ProcessRunner(_log);

        // Act
        var result = await runner.RunAsync(new ToolCommand("cat") with { StandardInput = "from stdin\n" });

        // Assert
        result.StandardOutput.Should().Be("from stdin\n");
    }

    [Fact(Timeout = 15000)]
    public async Task Standard_input_for_a_process_that_exits_without_reading_it_still_reports_the_exit_code()
    {
        // Arrange
        var runner = new ProcessRunner(_log);
        var command = Bash("exit 3") with { StandardInput = new string('x', 1024 * 1024) };

        // Act
        var act = () => runner.RunAsync(command);

        // Assert
        (await act.Should().ThrowAsync<ToolFailedException>()).Which.ProcessExitCode.Should().Be(3);
    }

    [Fact(Timeout = 15000)]
    public async Task The_time_limit_holds_while_standard_input_waits_to_be_read()
    {
        // Arrange
        var runner = new ProcessRunner(_log);
        var command = new ToolCommand("sleep", "30") with { StandardInput = new string('x', 1024 * 1024), Timeout = TimeSpan.FromSeconds(1) };
        var stopwatch = Stopwatch.StartNew();

        // Act
        var act = () => runner.RunAsync(command);

        // Assert
        (await act.Should().ThrowAsync<ToolFailedException>()).Which.TimedOut.Should().BeTrue();
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact(Timeout = 15000)]
    public async Task Arguments_reach_the_program_exactly_as_given()
    {
        // Arrange
        var runner = new ProcessRunner(_log);
        string[] arguments = ["two words", "a \"quote\"", "back\\slash\\", "", "tab\there", "$HOME", "'single'"];

        // Act
        var result = await runner.RunAsync(new ToolCommand("bash", ["-c", "printf '<%s>' \"$@\"", "bash", .. arguments]));

        // Assert
        result.StandardOutput.Should().Be(string.Concat(arguments.Select(a => $"<{a}>")) + "\n");
    }

    [Fact(Timeout = 15000)]
    public async Task A_program_that_is_not_installed_says_so()
    {
        // Arrange
        var runner = new ProcessRunner(_log);

        // Act
        var act = () => runner.RunAsync(new ToolCommand("buildkit-no-such-tool", "--version").WithHint("Install it."));

        // Assert
        (await act.Should().ThrowAsync<ToolFailedException>())
            .WithMessage("'buildkit-no-such-tool' could not be started: it is not installed or not on PATH.*next:    Install it.");
    }

    [Fact(Timeout = 15000)]
    public async Task Cancellation_kills_the_process_and_its_children()
    {
        // Arrange
        using var temp = TempDir.Create();
        var pidFile = temp.Combine("child.pid");
        var runner = new ProcessRunner(_log);
        using var cancellation = new CancellationTokenSource();
        var run = runner.RunAsync(Bash($"sleep 300 & echo $! > {pidFile}; wait"), cancellation.Token);
        var childPid = await WaitForPid(pidFile);

        // Act
        cancellation.Cancel();
        var act = () => run;

        // Assert
        await act.Should().ThrowAsync<OperationCanceledException>();
        (await StopsWithin(childPid, TimeSpan.FromSeconds(5))).Should().BeTrue();
    }

    [Fact(Timeout = 15000)]
    public async Task A_command_past_its_time_limit_is_stopped_with_its_children_and_reported()
    {
        // Arrange
        using var temp = TempDir.Create();
        var pidFile = temp.Combine("child.pid");
        var runner = new ProcessRunner(_log);
        var command = Bash($"sleep 300 & echo $! > {pidFile}; wait") with { Timeout = TimeSpan.FromSeconds(1) };

        // Act
        var act = () => runner.RunAsync(command);

        // Assert
        (await act.Should().ThrowAsync<ToolFailedException>()).WithMessage("'bash' did not finish within 1 s and was stopped.*");
        (await StopsWithin(int.Parse(File.ReadAllText(pidFile).Trim()), TimeSpan.FromSeconds(5))).Should().BeTrue();
    }

    private static async Task<int> WaitForPid(string pidFile)
    {
        while (!File.Exists(pidFile) || File.ReadAllText(pidFile).Trim().Length == 0) await Task.Delay(20);
        return int.Parse(File.ReadAllText(pidFile).Trim());
    }

    /// <summary>A SIGKILL is delivered asynchronously: the child is gone a moment after its parent, never 300 s later.</summary>
    private static async Task<bool> StopsWithin(int pid, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (IsRunning(pid) && DateTime.UtcNow < deadline) await Task.Delay(20);
        return !IsRunning(pid);
    }

    private static bool IsRunning(int pid)
    {
        // A killed child may linger as a zombie until reaped; only a live process counts.
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status)) return false;
        try
        {
            return !File.ReadAllLines(status).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z'));
        }
        catch (IOException)
        {
            return false;
        }
    }
}
