-- Applies a supplier's KCI once (the same rules as SqliteGatewayStore.Kcis.cs). Returns the
-- outcome: Applied, Duplicate, Stale, ProblemNotFound or CancellationNotOfProblem.
CREATE OR ALTER PROCEDURE dbo.ApplySupplierKci
    @Id                   varchar(36),
    @Supplier             nvarchar(100),
    @ServiceProblemId     bigint,
    @SequenceNumber       bigint,
    @ReasonCode           varchar(50),
    @Text                 nvarchar(1000),
    @IssuedOn             datetimeoffset(7),
    @ProblemStatus        varchar(30),
    @RestoreProblem       bit,
    @SupplierReference    nvarchar(25),
    @CancellationId       bigint,
    @CancellationStatus   varchar(30),
    @CancellationMessages nvarchar(max),
    @KciUpdateType        varchar(20),
    @KciInformationType   varchar(50),
    @KciNotes             nvarchar(max),
    @Now                  datetimeoffset(7)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @Outcome varchar(30), @Status varchar(30), @LastSequence bigint, @Found bit = 0,
            @CurrentCancellation varchar(30), @ConversationId varchar(100);

    BEGIN TRANSACTION;
    IF EXISTS (SELECT 1 FROM dbo.SupplierKcis WITH (UPDLOCK, HOLDLOCK) WHERE Id = @Id)
        SET @Outcome = 'Duplicate';
    ELSE
    BEGIN
        SELECT @Found = 1, @Status = Status, @LastSequence = LastSupplierSequence
        FROM dbo.ServiceProblems WITH (UPDLOCK, HOLDLOCK) WHERE Id = @ServiceProblemId AND Supplier = @Supplier;
        IF @Found = 0
            SET @Outcome = 'ProblemNotFound';
        ELSE
        BEGIN
            IF @CancellationId IS NOT NULL
                SELECT @CurrentCancellation = Status, @ConversationId = ConversationId
                FROM dbo.Cancellations WITH (UPDLOCK) WHERE Id = @CancellationId AND ServiceProblemId = @ServiceProblemId;
            IF @CancellationId IS NOT NULL AND @CurrentCancellation IS NULL
                SET @Outcome = 'CancellationNotOfProblem';
            ELSE
            BEGIN
                INSERT dbo.SupplierKcis (Id, Supplier, ServiceProblemId, SequenceNumber, ReasonCode, [Text], IssuedOn, ReceivedOn, Applied)
                VALUES (@Id, @Supplier, @ServiceProblemId, @SequenceNumber, @ReasonCode, @Text, @IssuedOn, @Now,
                        CASE WHEN @SequenceNumber <= @LastSequence THEN 0 ELSE 1 END);
                IF @SequenceNumber <= @LastSequence
                    SET @Outcome = 'Stale';
                ELSE
                BEGIN
                    SET @Outcome = 'Applied';
                    UPDATE dbo.ServiceProblems SET LastSupplierSequence = @SequenceNumber WHERE Id = @ServiceProblemId;
                    -- Already settled the same way (the supplier's 201 came first): nothing new for the tenant.
                    IF @CurrentCancellation IS NULL OR @CurrentCancellation <> @CancellationStatus
                    BEGIN
                        IF @CancellationId IS NOT NULL
                        BEGIN
                            UPDATE dbo.Cancellations SET Status = @CancellationStatus, Messages = COALESCE(@CancellationMessages, Messages),
                                   ErrorCode = NULL, Updated = @Now WHERE Id = @CancellationId;
                            INSERT dbo.CancellationEvents (CancellationId, Status, Messages, At) VALUES (@CancellationId, @CancellationStatus, @CancellationMessages, @Now);
                        END
                        -- While a cancellation is pending, a lifecycle status lands in PreviousStatus.
                        IF @RestoreProblem = 1
                            UPDATE dbo.ServiceProblems SET Status = COALESCE(PreviousStatus, Status), PreviousStatus = NULL
                            WHERE Id = @ServiceProblemId AND Status = 'PENDING_CANCELLATION';
                        ELSE IF @ProblemStatus = 'CANCELLED' OR (@ProblemStatus IS NOT NULL AND @Status <> 'PENDING_CANCELLATION')
                            UPDATE dbo.ServiceProblems SET Status = @ProblemStatus WHERE Id = @ServiceProblemId;
                        ELSE IF @ProblemStatus IS NOT NULL
                            UPDATE dbo.ServiceProblems SET PreviousStatus = @ProblemStatus WHERE Id = @ServiceProblemId;
                        UPDATE dbo.ServiceProblems SET SupplierReference = COALESCE(@SupplierReference, SupplierReference), Updated = @Now
                        WHERE Id = @ServiceProblemId;

                        IF @ConversationId IS NULL
                            SELECT TOP (1) @ConversationId = ConversationId FROM dbo.Cancellations
                            WHERE ServiceProblemId = @ServiceProblemId ORDER BY Id DESC;
                        SET @ConversationId = COALESCE(@ConversationId, CONCAT('fibre-cafe-problem-', @ServiceProblemId));
                        EXEC dbo.RaiseTenantKci @ServiceProblemId, @ConversationId, @KciUpdateType, @KciInformationType, @KciNotes, NULL, @IssuedOn, @Now, @Now;
                    END
                END
            END
        END
    END
    COMMIT TRANSACTION;
    SELECT @Outcome AS Outcome;
END
GO
