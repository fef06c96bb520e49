namespace GlobalObjectives
{
    /// <summary>The per-example surrogate that bounds the 0-1 loss inside a global objective.</summary>
    public enum SurrogateType
    {
        /// <summary>Sigmoid cross-entropy: softplus(-x) on positives, softplus(x) on negatives.</summary>
        Xent = 0,

        /// <summary>Hinge: max(0, 1 - x) on positives, max(0, 1 + x) on negatives.</summary>
        Hinge = 1,
    }
}
