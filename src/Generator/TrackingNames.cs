namespace GlobalObjectives.Generator;

/// <summary>Names of the pipeline steps, for <c>WithTrackingName</c> and the cacheability tests.</summary>
public static class TrackingNames
{
    /// <summary>Parse results of classes marked <c>[Maximize]</c> (spec or problems).</summary>
    public const string MaximizeParseResults = nameof(MaximizeParseResults);

    /// <summary>Parse results of classes marked <c>[Minimize]</c> (spec or problems).</summary>
    public const string MinimizeParseResults = nameof(MinimizeParseResults);

    /// <summary>The specs taken out of the parse results (null for invalid declarations).</summary>
    public const string Specs = nameof(Specs);

    /// <summary>The valid specs, nulls removed.</summary>
    public const string ValidSpecs = nameof(ValidSpecs);

    /// <summary>The Lagrangian plans compiled from the valid specs.</summary>
    public const string Plans = nameof(Plans);

    /// <summary>The plans that compiled (planning failures removed).</summary>
    public const string ValidPlans = nameof(ValidPlans);

    /// <summary>Whether the compilation's language version allows the host form of the coefficients (C# 11 or later).</summary>
    public const string HostForm = nameof(HostForm);
}
