using System.Reflection;
using BuildKit.Configuration;

namespace BuildKit.Tests.Configuration;

public sealed class EnvVarsSpecs
{
    [Fact]
    public void Every_environment_variable_name_has_one_meaning_in_the_table_help_prints()
    {
        // Arrange
        var names = typeof(EnvVars).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!);

        // Act
        var documented = EnvVars.All.Select(v => v.Name).ToList();

        // Assert
        documented.Should().BeEquivalentTo(names).And.OnlyHaveUniqueItems();
        EnvVars.All.Should().OnlyContain(v => v.Meaning.Length > 0 && !v.Meaning.Contains('\n'));
    }
}
