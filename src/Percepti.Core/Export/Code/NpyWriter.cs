using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace Percepti.Core.Export.Code;

/// <summary>
/// Writes one array as a NumPy <c>.npy</c> file (format 1.0: magic, a header dict padded to 64 bytes, then the
/// little-endian values in C order), batch by batch, so a split never has to be in memory at once.
/// </summary>
internal sealed class NpyWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly long[] _rowShape;
    private readonly ScalarType _dtype;
    private readonly long _rows;
    private long _written;

    /// <summary>Starts the file: its header declares <paramref name="rows"/> rows of <paramref name="rowShape"/>.</summary>
    public NpyWriter(string path, long rows, long[] rowShape, ScalarType dtype)
    {
        (_rows, _rowShape, _dtype) = (rows, rowShape, dtype);
        string descr = dtype switch
        {
            ScalarType.Float32 => "<f4",
            ScalarType.Float64 => "<f8",
            ScalarType.Int64 => "<i8",
            _ => throw new ArgumentException($"No NPY type is written for {dtype}.", nameof(dtype)),
        };
        long[] shape = [rows, .. rowShape];
        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        int total = 10 + header.Length + 1;
        header += new string(' ', (64 - (total % 64)) % 64) + "\n";
        _stream = File.Create(path);
        _stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        _stream.Write(length);
        _stream.Write(Encoding.ASCII.GetBytes(header));
    }

    /// <summary>Appends rows (batch first, each of the declared shape and dtype).</summary>
    public void Append(Tensor rows)
    {
        if (rows.dtype != _dtype || !rows.shape.Skip(1).SequenceEqual(_rowShape) || _written + rows.shape[0] > _rows)
        {
            throw new InvalidOperationException($"Rows of {rows.dtype} [{string.Join(", ", rows.shape)}] do not fit the declared {_dtype} [{_rows}, {string.Join(", ", _rowShape)}] after {_written} rows.");
        }

        using var scope = NewDisposeScope();
        var cpu = rows.cpu().contiguous();
        if (cpu.numel() > 0)
        {
            _stream.Write(cpu.bytes);
        }

        _written += rows.shape[0];
    }

    /// <summary>Checks that every declared row was written and flushes the file.</summary>
    public void Complete()
    {
        if (_written != _rows)
        {
            throw new InvalidOperationException($"{_written} of {_rows} declared rows were written.");
        }

        _stream.Flush();
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _stream.Dispose();
}
