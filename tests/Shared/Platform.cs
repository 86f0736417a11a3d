// The tests drive Linux tools (git, rpm, docker, tar): they run on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
