namespace Percepti.Core.Tests.Backends;

/// <summary>A fact about ELF binaries and the Linux loader: reported as skipped on other systems.</summary>
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only: checks ELF symbol versioning and the system libstdc++.";
        }
    }
}
