package compare

// HigherIsBetter reports whether a larger value of the named metric is
// better. It is true for every metric except the losses and errors log_loss,
// brier, ece, mse, rmse, mae and mape; ranking measures (map, ndcg_cut_10,
// P_10, ...) are all higher-is-better.
func HigherIsBetter(metric string) bool {
	switch metric {
	case "log_loss", "brier", "ece", "mse", "rmse", "mae", "mape":
		return false
	}
	return true
}
