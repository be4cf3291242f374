namespace InitLab.Models.Spec;

/// <summary>The kind of network a model spec describes: the word before the colon.</summary>
public enum ModelFamily
{
    /// <summary><c>mlp:</c> fully connected layers.</summary>
    Mlp,

    /// <summary><c>resmlp:</c> fully connected layers and residual stages of Linear–act–Linear blocks.</summary>
    ResMlp,

    /// <summary><c>cnn:</c> convolutions and max pools, then fully connected layers.</summary>
    Cnn,

    /// <summary><c>rescnn:</c> convolutions, max pools and residual stages of conv–act–conv blocks, then fully connected layers.</summary>
    ResCnn,
}
