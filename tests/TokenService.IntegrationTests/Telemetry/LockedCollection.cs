using System.Collections;

namespace TokenService.IntegrationTests.Telemetry;

/// <summary>
/// A list the exporters add to from their own threads while a test reads it: every access takes
/// the list's lock, which the readers of <see cref="InProcessServer"/> take too.
/// </summary>
public sealed class LockedCollection<T>(List<T> inner) : ICollection<T>
{
    public int Count
    {
        get
        {
            lock (inner)
            {
                return inner.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public void Add(T item)
    {
        lock (inner)
        {
            inner.Add(item);
        }
    }

    public void Clear()
    {
        lock (inner)
        {
            inner.Clear();
        }
    }

    public bool Contains(T item)
    {
        lock (inner)
        {
            return inner.Contains(item);
        }
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (inner)
        {
            inner.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(T item)
    {
        lock (inner)
        {
            return inner.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator()
    {
        lock (inner)
        {
            return inner.ToList().GetEnumerator();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
