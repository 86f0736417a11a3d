namespace BuildKit.Containers;

/// <summary>
/// The removals of a run's finished containers, which go on in the background so that no stage waits for them (docker
/// takes a quarter to half a second to remove one); the run waits for every one of them before it ends.
/// </summary>
public sealed class ContainerRemovals
{
    private readonly object _gate = new();
    private readonly List<Task> _pending = [];

    public void Add(Task removal)
    {
        lock (_gate) _pending.Add(removal);
    }

    public async Task WaitAsync()
    {
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _pending];
            _pending.Clear();
        }
        await Task.WhenAll(pending);
    }
}
