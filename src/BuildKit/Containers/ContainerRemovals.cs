namespace BuildKit.Containers;

/// <summary>
/// The removals of a run's finished containers, which go on in the background so that no stage waits for them (docker
/// takes a quarter to half a second to remove one), and each product's container kept running from its build for later
/// stages' steps. As the run ends, the kept containers go too, and the run waits for every removal.
/// </summary>
public sealed class ContainerRemovals
{
    private readonly object _gate = new();
    private readonly List<Task> _pending = [];
    private readonly Dictionary<string, (BuilderContainer Container, ContainerStep Template)> _kept = [];

    public void Add(Task removal)
    {
        lock (_gate) _pending.Add(removal);
    }

    /// <summary>Keeps the product's container (the template's product) until the run ends; the one it kept before goes now.</summary>
    public async Task KeepAsync(BuilderContainer container, ContainerStep template)
    {
        (BuilderContainer Container, ContainerStep Template) before;
        lock (_gate)
        {
            _kept.Remove(template.Step.Product, out before);
            _kept[template.Step.Product] = (container, template);
        }
        if (before.Container is not null) await before.Container.DisposeAsync();
    }

    /// <summary>Removes a kept container ahead of the run's end; the run still waits for its removal.</summary>
    public async Task RemoveNowAsync(BuilderContainer container)
    {
        lock (_gate)
        {
            if (_kept.FirstOrDefault(k => k.Value.Container == container).Key is not { } product) return;
            _kept.Remove(product);
        }
        await container.DisposeAsync();
    }

    /// <summary>The step's product's kept container, when it serves the step.</summary>
    public BuilderContainer? KeptFor(ContainerStep step)
    {
        lock (_gate) return _kept.TryGetValue(step.Step.Product, out var kept) && kept.Template.Serves(step) ? kept.Container : null;
    }

    public async Task WaitAsync()
    {
        BuilderContainer[] kept;
        lock (_gate)
        {
            kept = [.. _kept.Values.Select(k => k.Container)];
            _kept.Clear();
        }
        foreach (var container in kept) await container.DisposeAsync();
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _pending];
            _pending.Clear();
        }
        await Task.WhenAll(pending);
    }
}
