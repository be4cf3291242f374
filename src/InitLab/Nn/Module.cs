using InitLab.Autograd;
using InitLab.Tensors;

namespace InitLab.Nn;

/// <summary>A layer or a container of layers: it maps a variable to a variable on a tape and owns its parameters.</summary>
/// <remarks>
/// Names are hierarchical, as in PyTorch's <c>state_dict</c>: a <see cref="Sequential"/> named <c>layers</c> calls its
/// children <c>layers.0</c>, <c>layers.1</c>, …, and a parameter is <c>{module}.{local name}</c>. <see cref="SetName"/>
/// assigns them once the tree is built.
/// </remarks>
public abstract class Module
{
    /// <summary>The full name, e.g. <c>layers.3</c>.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The module's own parameters (not its children's).</summary>
    public virtual IEnumerable<Parameter> OwnParameters => [];

    /// <summary>The module's own non-learnable state (running statistics), by local name.</summary>
    public virtual IEnumerable<(string Name, Tensor Value)> OwnBuffers => [];

    /// <summary>The direct sub-modules, with their local names.</summary>
    public virtual IEnumerable<(string Name, Module Module)> Children => [];

    /// <summary>A short description, e.g. <c>Linear(784 → 256)</c>.</summary>
    public abstract string Describe();

    /// <summary>Applies the module.</summary>
    public abstract Variable Forward(Tape tape, Variable x);

    /// <summary>Every parameter of the module and its descendants, in definition order.</summary>
    public IEnumerable<Parameter> Parameters() => OwnParameters.Concat(Children.SelectMany(c => c.Module.Parameters()));

    /// <summary>Every buffer of the module and its descendants with its full name (<c>layers.1.running_mean</c>).</summary>
    public IEnumerable<(string Name, Tensor Value)> Buffers() =>
        OwnBuffers.Select(b => (Qualify(b.Name), b.Value)).Concat(Children.SelectMany(c => c.Module.Buffers()));

    /// <summary>This module and all its descendants, parents first.</summary>
    public IEnumerable<Module> Modules() => Children.SelectMany(c => c.Module.Modules()).Prepend(this);

    /// <summary>Names this module <paramref name="name"/>, its children <c>{name}.{child}</c>, and its parameters <c>{name}.{local}</c>.</summary>
    public void SetName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        foreach (var p in OwnParameters)
            p.Name = Qualify(p.Name[(p.Name.LastIndexOf('.') + 1)..]);
        foreach (var (local, child) in Children)
            child.SetName(Qualify(local));
    }

    string Qualify(string local) => Name.Length == 0 ? local : Name + "." + local;
}
