using Commune.Grains.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Hosting.Tasks;

/// <summary>Registers the task graph's options, checked at start-up so a bad <c>Tasks:*</c> value stops the silo with its key named.</summary>
public static class TaskServices
{
    public static IServiceCollection AddCommuneTasks(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TaskOptions.SectionName);
        var options = section.Get<TaskOptions>() ?? new TaskOptions();
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid task configuration: " + string.Join(" ", problems));
        }

        services.AddOptions<TaskOptions>().Bind(section);
        return services;
    }
}
