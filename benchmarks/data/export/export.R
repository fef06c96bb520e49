#!/usr/bin/env Rscript
# Exports the training-quality benchmark data sets from Debian's R data packages to benchmarks/data/<name>.csv.gz.
#
# Run once from anywhere (it writes next to this script's parent folder):
#   apt-get update
#   apt-get install -y r-base-core r-cran-kernlab r-cran-modeldata r-cran-survival r-cran-aer r-cran-ggplot2
#   Rscript benchmarks/data/export/export.R
#
# Every file: a header row, only numeric columns ('.' decimal point, no thousands separator), the last column
# `label` with 0/1 (1 = the positive class). Non-integer values are rounded to 6 significant digits. Rows keep the
# packages' order (the benchmark shuffles when it splits). Categorical variables without an order are one-hot
# encoded (one 0/1 column per level, all levels kept); ordered ones become their integer codes. No column is
# standardized here: the loader does that with training statistics only.

suppressPackageStartupMessages({
  library(kernlab)    # spam, ticdata
  library(modeldata)  # lending_club
  library(survival)   # flchain
  library(AER)        # Fertility
  library(ggplot2)    # diamonds
})

script_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
script_dir <- if (length(script_arg) == 1) dirname(normalizePath(sub("^--file=", "", script_arg))) else getwd()
out_dir <- normalizePath(file.path(script_dir, ".."))

# A column as text: integers as integers, everything else rounded to 6 significant digits, never in E notation.
format_column <- function(x, name) {
  if (is.logical(x)) x <- as.integer(x)
  if (!is.numeric(x)) stop("column ", name, " is not numeric")
  if (anyNA(x) || any(!is.finite(x))) stop("column ", name, " has a missing or infinite value")
  if (all(x == round(x)) && all(abs(x) < 1e15)) return(format(x, scientific = FALSE, trim = TRUE))
  trimws(formatC(signif(x, 6), digits = 6, format = "fg"))
}

# One 0/1 column per level of a factor, named <prefix>_<level> with the level made identifier-safe.
one_hot <- function(f, prefix) {
  f <- factor(f)
  levels_safe <- gsub("_+", "_", gsub("[^A-Za-z0-9]+", "_", levels(f)))
  levels_safe <- gsub("^_|_$", "", levels_safe)
  m <- sapply(levels(f), function(l) as.integer(f == l))
  colnames(m) <- paste0(prefix, "_", levels_safe)
  if (anyDuplicated(colnames(m))) stop("duplicate one-hot column names for ", prefix)
  as.data.frame(m, check.names = FALSE)
}

write_set <- function(features, label, name) {
  stopifnot(is.data.frame(features), length(label) == nrow(features), all(label %in% c(0L, 1L)))
  names(features) <- gsub("[^A-Za-z0-9_]", "_", names(features))
  if (anyDuplicated(names(features)) || "label" %in% names(features)) stop("bad column names in ", name)
  columns <- c(Map(format_column, features, names(features)), list(label = as.character(as.integer(label))))
  lines <- do.call(paste, c(unname(columns), sep = ","))
  path <- file.path(out_dir, paste0(name, ".csv.gz"))
  con <- gzfile(path, "wb", compression = 9)
  writeLines(c(paste(c(names(features), "label"), collapse = ","), lines), con, sep = "\n")
  close(con)
  cat(sprintf("%-14s rows %7d  features %3d  positives %6d  rate %.4f  %s (%.0f kB)\n", name, nrow(features),
              ncol(features), sum(label), mean(label), path, file.size(path) / 1024))
}

# 1. spam (kernlab): UCI Spambase. 57 word/character frequencies and capital-run statistics, all kept.
#    Positive: type == "spam".
data(spam, package = "kernlab")
write_set(spam[, setdiff(names(spam), "type")], as.integer(spam$type == "spam"), "spam")

# 2. ticdata (kernlab): CoIL 2000 insurance data (its training and test parts together). Positive: CARAVAN ==
#    "insurance" (owns a mobile home policy). STYPE (customer subtype) and MOSHOOFD (customer main type) are nominal:
#    one-hot. MGEMLEEF (average age band) and the ordered factors (percentage bands of the zip-code variables M*,
#    contribution bands of the policies P*) become their original integer codes (level index - 1 for the ordered
#    bands, 1..6 for MGEMLEEF). The numeric counts (MAANTHUI, MGEMOMV, A*) are kept as they are.
data(ticdata, package = "kernlab")
tic_features <- ticdata[, setdiff(names(ticdata), "CARAVAN")]
tic_parts <- list()
for (n in names(tic_features)) {
  x <- tic_features[[n]]
  if (n %in% c("STYPE", "MOSHOOFD")) tic_parts[[n]] <- one_hot(x, n)
  else if (n == "MGEMLEEF") tic_parts[[n]] <- setNames(data.frame(as.integer(x)), n)
  else if (is.ordered(x)) tic_parts[[n]] <- setNames(data.frame(as.integer(x) - 1L), n)
  else if (is.numeric(x)) tic_parts[[n]] <- setNames(data.frame(x), n)
  else stop("unexpected column ", n)
}
write_set(do.call(cbind, unname(tic_parts)), as.integer(ticdata$CARAVAN == "insurance"), "ticdata")

# 3. lending_club (modeldata): Lending Club loans from 2016 Q1. Positive: Class == "bad" (charged off, defaulted or
#    21-120 days late). term becomes term_60 (0/1); sub_grade (A1 < ... < G5) becomes its rank 1..35; addr_state,
#    verification_status and emp_length (which has an "unknown" level) are one-hot. Every variable describes the
#    loan or the borrower at origination (interest rate and sub-grade are set by Lending Club when the loan is
#    granted), so none records what happened afterwards.
data(lending_club, package = "modeldata")
lc <- as.data.frame(lending_club)
lc_features <- cbind(
  data.frame(funded_amnt = lc$funded_amnt, term_60 = as.integer(lc$term == "term_60"), int_rate = lc$int_rate,
             sub_grade = as.integer(lc$sub_grade), annual_inc = lc$annual_inc),
  lc[, c("delinq_2yrs", "inq_last_6mths", "revol_util", "acc_now_delinq", "open_il_6m", "open_il_12m",
         "open_il_24m", "total_bal_il", "all_util", "inq_fi", "inq_last_12m", "delinq_amnt", "num_il_tl",
         "total_il_high_credit_limit")],
  one_hot(lc$verification_status, "verification"),
  one_hot(factor(sub("^emp_", "", lc$emp_length), levels = c("lt_1", 1:9, "ge_10", "unk")), "emp_length"),
  one_hot(lc$addr_state, "state"))
stopifnot(identical(levels(lc$sub_grade), paste0(rep(LETTERS[1:7], each = 5), 1:5)))
write_set(lc_features, as.integer(lc$Class == "bad"), "lending_club")

# 4. flchain (survival): serum free light chain study, Olmsted County. Positive: death == 1 (died before the last
#    contact). Dropped because they leak the label: futime (days of follow-up, ends at death for the positives) and
#    chapter (cause of death, given only for the dead). Dropped as redundant: flc.grp (a decile group of
#    kappa + lambda). sex becomes male (0/1). creatinine is missing for 1350 subjects: imputed with the median of
#    the observed values (over all rows; one constant) and flagged in creatinine_missing (0/1), since the dead are
#    less often missing (15% vs 30% deaths), so the missingness itself is informative and recorded before follow-up.
data(flchain, package = "survival")
creat_median <- median(flchain$creatinine, na.rm = TRUE)
fl_features <- data.frame(
  age = flchain$age, male = as.integer(flchain$sex == "M"), sample_yr = flchain$sample.yr,
  kappa = flchain$kappa, lambda = flchain$lambda,
  creatinine = ifelse(is.na(flchain$creatinine), creat_median, flchain$creatinine),
  creatinine_missing = as.integer(is.na(flchain$creatinine)), mgus = flchain$mgus)
write_set(fl_features, as.integer(flchain$death == 1), "flchain")

# 5. fertility (AER): 1980 US Census, married women aged 21-35 with two or more children (Angrist and Evans 1998).
#    Positive: morekids == "yes" (more than two children). The yes/no factors become 0/1 (gender = 1 for a boy);
#    same_sex (first two children of the same sex, the paper's instrument, as built in the help page's example) is
#    added because a linear model cannot form it from gender1 and gender2. work (weeks worked in 1979) is kept: it is
#    measured before the census, not derived from the label, though a third child also lowers it (reverse causation,
#    not leakage).
data(Fertility, package = "AER")
fe_features <- data.frame(
  boy1 = as.integer(Fertility$gender1 == "male"), boy2 = as.integer(Fertility$gender2 == "male"),
  same_sex = as.integer(Fertility$gender1 == Fertility$gender2), age = Fertility$age,
  afam = as.integer(Fertility$afam == "yes"), hispanic = as.integer(Fertility$hispanic == "yes"),
  other = as.integer(Fertility$other == "yes"), work = Fertility$work)
write_set(fe_features, as.integer(Fertility$morekids == "yes"), "fertility")

# 6. diamonds (ggplot2): prices and attributes of round cut diamonds. Binarized: positive = cut == "Fair" (the lowest
#    of the five cut grades). Dropped: the 20 rows whose x, y or z is 0 (a missing measurement). color and clarity are
#    one-hot; carat, depth, table, price, x, y, z are kept. depth and table are proportions that enter the cut grade
#    (together with angles the data lack), which makes the task fairly easy, but they do not define it.
d <- as.data.frame(diamonds)
d <- d[d$x > 0 & d$y > 0 & d$z > 0, ]
di_features <- cbind(d[, c("carat", "depth", "table", "price", "x", "y", "z")],
                     one_hot(factor(d$color, ordered = FALSE), "color"),
                     one_hot(factor(d$clarity, ordered = FALSE), "clarity"))
write_set(di_features, as.integer(d$cut == "Fair"), "diamonds_fair")
