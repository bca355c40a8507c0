using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Percepti.Core.Options;

/// <summary>
/// The one check of options records at the entry points that take them: every <see cref="ValidationAttribute"/>
/// (ranges) of the record and of the Percepti.Core records it holds (augmentation, preprocessing per column,
/// limits), reported together in one <see cref="ArgumentException"/> naming each member and its bounds.
/// </summary>
internal static class OptionsValidator
{
    /// <summary>Throws when any member of <paramref name="options"/> is out of its declared range.</summary>
    /// <param name="options">The options record.</param>
    /// <param name="parameter">The parameter it was passed as, for the exception.</param>
    public static void Validate(object? options, string parameter)
    {
        if (options is null)
        {
            return;
        }

        var problems = new List<string>();
        Collect(options, options.GetType().Name, problems, depth: 0);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"{options.GetType().Name} is not valid: {string.Join("; ", problems)}.", parameter);
        }
    }

    private static void Collect(object options, string path, List<string> problems, int depth)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        foreach (var result in results)
        {
            string member = result.MemberNames.FirstOrDefault() ?? "?";
            object? value = options.GetType().GetProperty(member)?.GetValue(options);
            problems.Add($"{path}.{member} is {value ?? "null"}: {result.ErrorMessage}");
        }

        if (depth >= 3)
        {
            return;
        }

        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            object? value = property.GetValue(options);
            if (value is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (IsOptionsRecord(entry.Value))
                    {
                        Collect(entry.Value!, $"{path}.{property.Name}[{entry.Key}]", problems, depth + 1);
                    }
                }
            }
            else if (IsOptionsRecord(value))
            {
                Collect(value!, $"{path}.{property.Name}", problems, depth + 1);
            }
        }
    }

    private static bool IsOptionsRecord(object? value) =>
        value is not null && value.GetType().Namespace?.StartsWith("Percepti.Core", StringComparison.Ordinal) == true
        && value.GetType().IsClass && value.GetType().GetProperties().Any(p => p.GetCustomAttributes<ValidationAttribute>().Any());
}
