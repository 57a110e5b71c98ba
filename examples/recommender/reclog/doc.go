// Package reclog is the serving side's logs of the example recommender, the
// input of nearline monitoring (mltest monitor): a prediction log with one
// row per item of every list served (the request's time, the user and
// cohort, the item and its score) and a click log with one row per click on
// a served item, written when the client reports it, later. The two join on
// the row id "REQUEST:ITEM"; an item never clicked has no click row (the
// monitor reads it as a 0 once the label delay has passed).
//
// Handler serves the model with both logs (POST /recommend, POST /click);
// Simulate plays a period of user visits and clicks against it, on a clock
// of its own, so the example's logs are the same on every run.
package reclog
