namespace Commune.Grains.Storage;

/// <summary>
/// What an interleaving read (<c>[AlwaysInterleave] GetAsync</c>) may see: while a command runs, its changes are in memory but not yet
/// stored — they may never be, if the write fails — so the read answers the view as of the last command that finished; between
/// commands it answers the current state. Commands of a non-reentrant grain run one at a time, so one counter is enough.
/// </summary>
public sealed class CommittedReads<TView>
    where TView : class
{
    private readonly Func<TView?> _view;
    private TView? _committed;
    private int _running;

    public CommittedReads(Func<TView?> view)
    {
        _view = view;
    }

    /// <summary>The view a read may answer.</summary>
    public TView? Read() => _running > 0 ? _committed : _view();

    /// <summary>Takes the state as loaded at activation as the committed one.</summary>
    public void Loaded() => _committed = _view();

    /// <summary>
    /// Runs a command (or a timer's work). When it finishes, what it changed has been stored and becomes readable; when it throws,
    /// the committed view stays (a failed write drops the activation, and the next one reloads what storage holds).
    /// </summary>
    public async Task RunAsync(Func<Task> command)
    {
        _running++;
        var stored = false;
        try
        {
            await command();
            stored = true;
        }
        finally
        {
            _running--;
            if (stored)
            {
                _committed = _view();
            }
        }
    }
}
