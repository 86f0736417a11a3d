using System.Text;
using BuildKit.Processes;

namespace BuildKit.IntegrationTests;

/// <summary>Asks the installed rpm how it orders EVRs, in one batch through its Lua interpreter.</summary>
internal static class RpmOracle
{
    public static async Task<int[]> CompareAsync(IReadOnlyList<(string A, string B)> pairs)
    {
        using var temp = TempDir.Create();
        var script = new StringBuilder("local pairs_ = {\n");
        foreach (var (a, b) in pairs) script.Append($"  {{\"{a}\", \"{b}\"}},\n");
        script.Append("""
            }
            local out = {}
            for _, p in ipairs(pairs_) do
              local a, b = rpm.ver(p[1]), rpm.ver(p[2])
              if a < b then out[#out + 1] = "-1" elseif a == b then out[#out + 1] = "0" else out[#out + 1] = "1" end
            end
            print(table.concat(out, " "))
            """);
        var path = temp.File("compare.lua", script.ToString());
        var result = await new ProcessRunner(new RecordingLog())
            .RunAsync(new ToolCommand("rpm", "--eval", $"%{{lua: dofile('{path}')}}") { Quiet = true });
        var answers = result.StandardOutput.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        answers.Should().HaveCount(pairs.Count, "rpm answers once per pair");
        return answers;
    }
}
